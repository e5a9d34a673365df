// The PDF file writer writes objects' syntax itself instead of through
// PoDoFo's printf per token; it must give PoDoFo 0.9.8's bytes exactly, or
// every PDF would change. Each value here is written both ways.
#include <gtest/gtest.h>

#include <podofo/podofo.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "emit_impl.hpp"      // formats/pdf/src/emit: object_syntax, write_file
#include "struct_syntax.hpp"  // formats/pdf/src/emit: StructElemSyntax, ParentTreeSyntax

namespace {

using namespace PoDoFo;

std::string podofo_syntax(const PdfVariant& value) {
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    value.PdfVariant::Write(&device, ePdfWriteMode_Clean, nullptr, PdfName::KeyNull);
    return std::string(buffer.GetBuffer(), device.GetLength());
}

void expect_same(const PdfVariant& value) {
    EXPECT_EQ(tertial::pdf::emit_detail::object_syntax(value), podofo_syntax(value));
}

TEST(PdfFileWriter, ScalarsAsPoDoFoWritesThem) {
    for (pdf_int64 n : {0LL, 1LL, -1LL, 42LL, 2147483647LL, -2147483648LL, 9007199254740993LL}) expect_same(PdfVariant(n));
    for (double r : {0.0, -0.0, 1.0, 0.5, -543.945312, 905.2734375, 1301.7578125, 1e-7, 123456789.123456789, 1e15, -3.0000005})
        expect_same(PdfVariant(r));
    expect_same(PdfVariant(true));
    expect_same(PdfVariant(false));
    expect_same(PdfVariant());
    expect_same(PdfVariant(PdfReference(923, 0)));
    expect_same(PdfVariant(PdfReference(1, 65535)));
}

TEST(PdfFileWriter, NamesPlainAndEscaped) {
    for (const char* name : {"Type", "AAAAAA+LiberationSans", "F1", "Identity-H", "A B", "a#b", "x/y", "(p)", "[q]", "{r}", "<s>",
                             "%t", "\xC3\xA5", "", "Tab\there"})
        expect_same(PdfVariant(PdfName(name)));
}

TEST(PdfFileWriter, StringsGoThroughPoDoFo) {
    expect_same(PdfVariant(PdfString("plain")));
    expect_same(PdfVariant(PdfString("(paren) \\ back\nslash\r\t")));
    expect_same(PdfVariant(PdfString(reinterpret_cast<const pdf_utf8*>("Östersund – åäö"))));
    expect_same(PdfVariant(PdfString("\x01\x02\xFF", 3, true)));  // hex
}

TEST(PdfFileWriter, ArraysWrapAfterEveryTenthElement) {
    for (int size : {0, 1, 9, 10, 11, 20, 25}) {
        PdfArray array;
        for (int i = 0; i < size; ++i) array.push_back(PdfObject(PdfReference(i + 1, 0)));
        expect_same(PdfVariant(array));
    }
    PdfArray mixed;
    mixed.push_back(PdfObject(PdfName("S")));
    mixed.push_back(PdfObject(static_cast<pdf_int64>(3)));
    mixed.push_back(PdfObject(2.5));
    mixed.push_back(PdfObject(PdfString("x")));
    mixed.push_back(PdfObject(PdfArray()));
    mixed.push_back(PdfObject(PdfDictionary()));
    expect_same(PdfVariant(mixed));
}

TEST(PdfFileWriter, DictionariesTypeFirstThenKeysInOrder) {
    PdfDictionary inner;
    inner.AddKey("Marked", PdfObject(true));
    PdfDictionary d;
    d.AddKey("Lang", PdfObject(PdfString("sv-SE")));
    d.AddKey("AF", PdfObject(PdfArray(PdfObject(PdfReference(923, 0)))));
    d.AddKey("MarkInfo", PdfObject(inner));
    d.AddKey("Type", PdfObject(PdfName("Catalog")));
    d.AddKey("Weird Key", PdfObject(PdfName("Value#1")));
    d.AddKey("Null", PdfObject());
    d.AddKey("Rect", PdfObject(PdfArray(PdfObject(0.25))));
    expect_same(PdfVariant(d));
    expect_same(PdfVariant(PdfDictionary()));
    PdfDictionary only_type;
    only_type.AddKey("Type", PdfObject(PdfName("Pages")));
    expect_same(PdfVariant(only_type));
}

TEST(PdfFileWriter, RawDataGoesThroughPoDoFo) {
    expect_same(PdfVariant(PdfData("[3 [277.832] 5 [354.98]]")));
}

// The structure elements are written as syntax with numbers reserved in
// PoDoFo's count (Emitter::structure), never made as PoDoFo objects: the
// file must be the one PoDoFo's own objects with those numbers give, with
// the written objects merged in by number across object streams.
TEST(PdfFileWriter, WrittenObjectsGiveTheFilePoDoFosObjectsGive) {
    namespace ed = tertial::pdf::emit_detail;
    const PdfName td("TD"), tr("TR");
    auto element = [&](PdfDictionary& d, int i) {
        d.AddKey("S", i % 3 ? td : tr);
        d.AddKey("P", PdfReference(static_cast<pdf_objnum>(i + 2), 0));
        if (i % 7 == 0) d.AddKey("T", PdfString(reinterpret_cast<const pdf_utf8*>("Äldreomsorg")));
    };
    // Made by PoDoFo: 2 objects, 250 elements, 3 objects after them. (Each
    // document's Info, which PoDoFo dates with the clock, is emptied: the
    // two are made in different seconds now and then.)
    PdfMemDocument whole_doc;
    whole_doc.GetInfo()->GetObject()->GetDictionary().Clear();
    for (int i = 0; i < 2; ++i) whole_doc.GetObjects().CreateObject("Before");
    for (int i = 0; i < 250; ++i) element(whole_doc.GetObjects().CreateObject("StructElem")->GetDictionary(), i);
    for (int i = 0; i < 3; ++i) whole_doc.GetObjects().CreateObject("After");
    const std::string whole = ed::write_file(whole_doc);

    PdfMemDocument doc;
    doc.GetInfo()->GetObject()->GetDictionary().Clear();
    for (int i = 0; i < 2; ++i) doc.GetObjects().CreateObject("Before");
    std::uint32_t first = ed::reserve_object_numbers(doc.GetObjects(), 250);
    for (int i = 0; i < 3; ++i) doc.GetObjects().CreateObject("After");
    ed::WrittenObjects written;
    for (int i = 0; i < 250; ++i) {
        PdfObject o(PdfReference(first + i, 0), "StructElem");
        element(o.GetDictionary(), i);
        written.add(first + static_cast<std::uint32_t>(i), ed::object_syntax(o));
    }
    EXPECT_EQ(ed::write_file(doc, std::move(written)), whole);
    EXPECT_NE(ed::write_file(doc), whole);
}

// The numbers reserved are the ones PoDoFo's next objects would have had,
// and PoDoFo never gives one of them to an object of its own.
TEST(PdfFileWriter, ReservedObjectNumbersAreNeverReused) {
    namespace ed = tertial::pdf::emit_detail;
    PdfMemDocument doc;
    PdfVecObjects& objects = doc.GetObjects();
    const pdf_objnum next = objects.CreateObject()->Reference().ObjectNumber() + 1;
    const std::size_t held = objects.GetSize();
    EXPECT_EQ(ed::reserve_object_numbers(objects, 5), next);
    EXPECT_EQ(objects.GetSize(), held);
    EXPECT_TRUE(objects.GetFreeObjects().empty());
    for (pdf_objnum n = next; n < next + 5; ++n) EXPECT_EQ(objects.GetObject(PdfReference(n, 0)), nullptr);
    EXPECT_EQ(objects.CreateObject()->Reference().ObjectNumber(), next + 5);
    EXPECT_EQ(ed::reserve_object_numbers(objects, 0), next + 6);
    EXPECT_EQ(objects.CreateObject()->Reference().ObjectNumber(), next + 6);

    // A number both written and PoDoFo's is a bug, not a file.
    ed::WrittenObjects twice;
    twice.add(next + 6, "<<\n>>");
    EXPECT_THROW(ed::write_file(doc, std::move(twice)), std::logic_error);
    ed::WrittenObjects out_of_order;
    out_of_order.add(next, "1");
    EXPECT_THROW(out_of_order.add(next, "2"), std::logic_error);
    // PoDoFo would reuse a freed number first: reserving then is refused.
    delete objects.RemoveObject(PdfReference(next + 6, 0));  // RemoveObject gives the object to its caller
    EXPECT_THROW(ed::reserve_object_numbers(objects, 1), std::logic_error);
}

// Objects are kept whole in blocks of 4 KiB, larger ones in a block of
// their own, and read back as they were added, also as blocks are freed.
TEST(PdfFileWriter, WrittenObjectsKeepTheirBytes) {
    tertial::pdf::emit_detail::WrittenObjects written;
    std::vector<std::string> texts;
    for (std::uint32_t i = 0; i < 3000; ++i) {
        texts.push_back(std::string(i % 97 + (i == 1500 ? 100'000 : 0), static_cast<char>('a' + i % 26)) + std::to_string(i));
        written.add(10 + 2 * i, texts.back());
    }
    ASSERT_EQ(written.size(), texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        EXPECT_EQ(written.number(i), 10 + 2 * i);
        EXPECT_EQ(written.syntax(i), texts[i]) << i;
        written.release(i);
    }
}

// A StructElem with every key it can have, written both ways: /A one
// dictionary or several, texts plain and Unicode, /K one kid of each kind
// or an array of them (past ten, where PoDoFo breaks the line), /Pg.
TEST(PdfFileWriter, StructElemsAsPoDoFoWritesThem) {
    namespace ed = tertial::pdf::emit_detail;
    auto text = [](const char* s) { return PdfString(reinterpret_cast<const pdf_utf8*>(s)); };
    PdfDictionary table;
    table.AddKey("O", PdfName("Table"));
    table.AddKey("Scope", PdfName("Column"));
    table.AddKey("ColSpan", PdfVariant(static_cast<pdf_int64>(2)));
    PdfDictionary layout;
    layout.AddKey("O", PdfName("Layout"));
    layout.AddKey("BBox", PdfVariant(PdfData("[80 480 320 640]")));

    using Kid = std::function<void(ed::KidsSyntax&, PdfArray&)>;
    const Kid mcid = [](ed::KidsSyntax& k, PdfArray& a) {
        k.mcid(3);
        a.push_back(PdfVariant(static_cast<pdf_int64>(3)));
    };
    const Kid mcr = [](ed::KidsSyntax& k, PdfArray& a) {
        k.mcr(17, 0);
        PdfDictionary d;
        d.AddKey("Type", PdfName("MCR"));
        d.AddKey("Pg", PdfReference(17, 0));
        d.AddKey("MCID", PdfVariant(static_cast<pdf_int64>(0)));
        a.push_back(d);
    };
    const Kid objr = [](ed::KidsSyntax& k, PdfArray& a) {
        k.objr(17, 923);
        PdfDictionary d;
        d.AddKey("Type", PdfName("OBJR"));
        d.AddKey("Pg", PdfReference(17, 0));
        d.AddKey("Obj", PdfReference(923, 0));
        a.push_back(d);
    };
    const Kid child = [](ed::KidsSyntax& k, PdfArray& a) {
        k.element(1234);
        a.push_back(PdfReference(1234, 0));
    };
    std::vector<std::vector<Kid>> kid_lists = {{}, {mcid}, {mcr}, {objr}, {child}, {mcid, child}};
    kid_lists.emplace_back();
    for (int i = 0; i < 23; ++i) kid_lists.back().push_back(std::vector<Kid>{mcid, mcr, objr, child}[i % 4]);

    for (std::size_t variant = 0; variant < kid_lists.size(); ++variant) {
        PdfArray attributes;
        if (variant % 3 >= 1) attributes.push_back(table);
        if (variant % 3 == 2) attributes.push_back(layout);
        ed::StructElemSyntax e;
        e.role = variant == 3 ? "Odd Role" : "TD";
        e.parent = 568;
        e.attributes = &attributes;
        if (variant % 2) e.page = 17;
        if (variant % 2) e.alt = text("Stapeldiagram: lägst −2,9 mnkr");
        if (variant % 2) e.actual_text = text("1 200");
        if (variant % 2 == 0) e.title = text("2 Verksamhet");
        if (variant % 2 == 0) e.lang = text("en-GB");
        ed::KidsSyntax kids;
        PdfArray k;
        for (const Kid& kid : kid_lists[variant]) kid(kids, k);
        e.kids = &kids;

        PdfDictionary d;
        d.AddKey("Type", PdfName("StructElem"));
        d.AddKey("S", PdfName(std::string(e.role)));
        d.AddKey("P", PdfReference(568, 0));
        if (attributes.size() == 1) d.AddKey("A", attributes[0]);
        else if (!attributes.empty()) d.AddKey("A", attributes);
        if (e.page) d.AddKey("Pg", PdfReference(*e.page, 0));
        if (e.alt) d.AddKey("Alt", *e.alt);
        if (e.actual_text) d.AddKey("ActualText", *e.actual_text);
        if (e.title) d.AddKey("T", *e.title);
        if (e.lang) d.AddKey("Lang", *e.lang);
        if (k.size() == 1) d.AddKey("K", k[0]);
        else if (!k.empty()) d.AddKey("K", k);

        std::string out;
        ed::append_struct_elem(out, e);
        EXPECT_EQ(out, podofo_syntax(PdfVariant(d))) << "variant " << variant;
    }
}

// The parent tree: per page an array of elements by MCID (empty, short,
// past ten), then annotations' elements one each; /Nums past ten entries.
TEST(PdfFileWriter, ParentTreeAsPoDoFoWritesIt) {
    namespace ed = tertial::pdf::emit_detail;
    ed::ParentTreeSyntax tree;
    PdfArray nums;
    std::uint32_t number = 600;
    for (std::size_t page = 0; page < 7; ++page) {
        tree.key(page);
        nums.push_back(PdfVariant(static_cast<pdf_int64>(page)));
        tree.begin_array();
        PdfArray elements;
        for (std::size_t m = 0; m < page * page; ++m, ++number) {
            tree.array_element(number);
            elements.push_back(PdfReference(number, 0));
        }
        tree.end_array();
        nums.push_back(elements);
    }
    for (std::size_t k = 7; k < 10; ++k) {
        tree.key(k);
        tree.element(number);
        nums.push_back(PdfVariant(static_cast<pdf_int64>(k)));
        nums.push_back(PdfReference(number++, 0));
    }
    PdfDictionary d;
    d.AddKey("Nums", nums);
    EXPECT_EQ(tree.finish(), podofo_syntax(PdfVariant(d)));
    EXPECT_EQ(tree.finish(), "<<\n/Nums [ ]\n>>");  // and empty again
}

// The /ID and an attachment's /CheckSum: MD5 as RFC 1321's test suite has it
// (computed without EVP, so that a build does not start OpenSSL's providers).
TEST(PdfFileWriter, Md5IsRfc1321s) {
    auto hex = [](std::string_view s) {
        std::string out;
        for (unsigned char b : tertial::pdf::emit_detail::md5(s)) {
            out += "0123456789abcdef"[b >> 4];
            out += "0123456789abcdef"[b & 0xF];
        }
        return out;
    };
    EXPECT_EQ(hex(""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
              "57edf4a22be3c955ac49da2e2107b67a");
}

}  // namespace

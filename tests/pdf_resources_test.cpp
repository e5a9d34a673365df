// pdf::Resources shared by the reports of one build, and what release_layout_parts() frees.
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "outputs.hpp"
#include "seed_layout_fixture.hpp"
#include "tertial/pdf/pdf_writer.hpp"

namespace tertial {
namespace {


class PdfResources : public test::SeedLayout {
protected:
    pdf::LayoutInput input() const { return {*report_->read.report, *report_->resolution, style_, *resources_, report_->text}; }
    // `tertial build`'s output format of that name.
    static const cli::OutputFormat& output(std::string_view name) {
        for (const auto& f : cli::output_formats())
            if (f.name == name) return f;
        throw std::logic_error("no output format " + std::string(name));
    }
};

// A document laid out before the release is written to the same bytes
// after it: the PDF needs the fonts only, never the patterns or the cache.
TEST_F(PdfResources, ADocumentLaidOutBeforeTheReleaseIsWrittenTheSame) {
    pdf::Document document = pdf::layout_report(input());
    std::string before = pdf::emit_pdf(document);
    ASSERT_FALSE(resources_->layout_released());
    EXPECT_GT(resources_->text_cache().entries(), 0u);

    resources_->release_layout_parts();
    EXPECT_TRUE(resources_->layout_released());
    EXPECT_EQ(resources_->hyphenator(), nullptr);
    EXPECT_TRUE(pdf::emit_pdf(document) == before) << "the PDF changed once the layout parts were freed";
    // And both equal a fresh write with fresh resources.
    auto fresh = pdf::Resources::load(style_);
    EXPECT_TRUE(pdf::write_pdf({*report_->read.report, *report_->resolution, style_, *fresh, report_->text}) == before);
}

// `tertial build` frees the hyphenation patterns between the passes (pass 2
// finds every paragraph broken) and attaches the source after the layout:
// the document is the same, byte for byte, as one made without either.
TEST_F(PdfResources, PatternsReleasedBetweenThePassesAndSourceAttachedAfterGiveTheSamePdf) {
    auto alone = pdf::Resources::load(style_);
    std::string expected = pdf::write_pdf({*report_->read.report, *report_->resolution, style_, *alone, report_->text});

    pdf::LayoutInput in{*report_->read.report, *report_->resolution, style_, *resources_, {}};
    int calls = 0;
    std::size_t pages_before = 0;
    in.on_page = [&](int pass, std::size_t pages) {
        if (pass == 1) pages_before = pages;
    };
    in.between_passes = [&] {
        ++calls;
        EXPECT_GT(pages_before, 1u) << "called after pass 1";
        resources_->hyphenator()->release_patterns();
    };
    pdf::Document document = pdf::layout_report(in);
    EXPECT_EQ(calls, 1);
    EXPECT_TRUE(document.attachments.empty()) << "no source given";
    pdf::attach_source(document, report_->text);
    EXPECT_TRUE(pdf::emit_pdf(document) == expected);
}

// `tertial build`'s PDF output frees what only layout needs when the last
// report planned with those fonts is done with it: the patterns after its
// first pass, the text cache (and the rest) after its layout. Here two
// layouts are still planned but only one first pass, so after one PDF the
// patterns are gone and the cache is not; the PDF is the one made alone.
TEST_F(PdfResources, TheBuildFreesThePatternsAfterTheLastFirstPassAndTheCacheAfterTheLastLayout) {
    auto alone = pdf::Resources::load(style_);
    std::string expected = pdf::write_pdf({*report_->read.report, *report_->resolution, style_, *alone, report_->text});
    const cli::OutputFormat* pdf_format = &output("pdf");

    cli::BuildContext ctx(host_);
    pdf_format->plan(*report_, ctx);
    pdf_format->plan(*report_, ctx);  // two layouts planned with these fonts
    const std::string key = pdf::Resources::key(style_);
    ASSERT_EQ(ctx.layouts_left[key], 2u);
    ctx.first_passes_left[key] = 1;  // one first pass left
    const pdf::Resources& fonts = *ctx.fonts.at(key);
    ASSERT_TRUE(fonts.hyphenator()->holds_patterns());

    EXPECT_TRUE(pdf_format->write(*report_, ctx) == expected);
    EXPECT_FALSE(fonts.layout_released()) << "a layout is still planned";
    EXPECT_FALSE(fonts.hyphenator()->holds_patterns()) << "freed after the last first pass";

    EXPECT_TRUE(pdf_format->write(*report_, ctx) == expected) << "the words' points were kept";
    EXPECT_TRUE(fonts.layout_released()) << "freed after the last layout";
}

// `tertial build` frees a report's model and resolution once every output
// planned for it has read them: the JSON once written, the PDF once laid
// out (it is then written without them). Both files are the ones made
// with the model held, in either order.
TEST_F(PdfResources, TheBuildFreesTheModelOnceItsLastOutputHasReadIt) {
    const cli::OutputFormat* json_format = &output("json");
    const cli::OutputFormat* pdf_format = &output("pdf");
    cli::BuildContext held(host_);  // no readers planned: nothing is freed
    const std::string json_expected = json_format->write(*report_, held);
    const std::string pdf_expected = pdf_format->write(*report_, held);
    ASSERT_TRUE(report_->read.report && report_->resolution);

    for (bool pdf_first : {true, false}) {
        cli::LoadedReport r = *report_;
        cli::BuildContext ctx(host_);
        ctx.model_readers[&r] = {&r, 2};
        const cli::OutputFormat* first = pdf_first ? pdf_format : json_format;
        const cli::OutputFormat* second = pdf_first ? json_format : pdf_format;
        EXPECT_TRUE(first->write(r, ctx) == (pdf_first ? pdf_expected : json_expected));
        EXPECT_TRUE(r.read.report && r.resolution) << "the other output still reads them";
        EXPECT_TRUE(second->write(r, ctx) == (pdf_first ? json_expected : pdf_expected));
        EXPECT_FALSE(r.read.report) << "freed after its last reader";
        EXPECT_FALSE(r.resolution);
        EXPECT_TRUE(r.text.empty()) << "the PDF holds the source compressed";
    }
}

// The editor's page map is made on request only; the PDF is the same
// without it (`tertial build` leaves it out).
TEST_F(PdfResources, WithoutAnchorsTheDocumentHasNoPageMapAndTheSamePdf) {
    pdf::LayoutInput with = input();
    pdf::Document mapped = pdf::layout_report(with);
    EXPECT_GT(mapped.anchors.size(), 50u) << "blocks, sections and table rows";
    pdf::LayoutInput without = input();
    without.anchors = false;
    pdf::Document plain = pdf::layout_report(without);
    EXPECT_TRUE(plain.anchors.empty());
    EXPECT_TRUE(pdf::emit_pdf(plain) == pdf::emit_pdf(mapped));
}

// The source attachment made before the layout holds the JSON compressed,
// gives it back whole, and is written as the one attach_source() makes from
// the text: the same file either way.
TEST_F(PdfResources, TheSourceCompressedAheadGivesTheSamePdfAndItsTextBack) {
    const pdf::Attachment packed = pdf::source_attachment(report_->text);
    ASSERT_TRUE(packed.packed);
    EXPECT_LT(packed.data.size() * 4, report_->text.size()) << "a report's JSON compresses well";
    EXPECT_EQ(packed.data.capacity(), packed.data.size()) << "not held at the text's size";
    EXPECT_TRUE(pdf::attachment_bytes(packed) == report_->text);

    const pdf::LayoutInput unattached{*report_->read.report, *report_->resolution, style_, *resources_, {}};
    pdf::Document a = pdf::layout_report(unattached);
    pdf::Document b = pdf::layout_report(unattached);
    a.attachments.push_back(packed);
    b.attachments.push_back({packed.name, packed.description, packed.mime_type, packed.relationship, report_->text, std::nullopt});
    EXPECT_TRUE(pdf::emit_pdf(a) == pdf::emit_pdf(b));
}

// A build that frees the text while the PDF is laid out gives it back when
// the layout fails: its error names a place in it. A build of one small
// report (BuildContext::layout_helper), which packs the source beside the
// layout, has it still.
TEST_F(PdfResources, ALayoutThatFailsGivesTheBuildItsTextBack) {
    const cli::OutputFormat* pdf_format = &output("pdf");
    const std::string json = seed_with_too_wide_table(0);
    for (bool helper : {false, true}) {
        auto r = cli::check_text("bred.json", json, host_);
        ASSERT_TRUE(r.read.report && r.resolution);
        cli::BuildContext ctx(host_);
        ctx.layout_helper = helper;
        ctx.model_readers[&r] = {&r, 1};
        EXPECT_THROW(pdf_format->write(r, ctx), pdf::LayoutError) << "helper " << helper;
        EXPECT_TRUE(r.text == json) << "helper " << helper;
    }
}

// A build of one small report (BuildContext::layout_helper) has the source
// packed by the layout's helper thread and keeps the layout parts to the
// process's end instead of freeing them: the same PDF, the resources
// released all the same (no later layout may use them), the text freed once
// the layout is done (given back when it fails: above).
TEST_F(PdfResources, ABuildWithALayoutHelperGivesTheSamePdfAndFreesTheSame) {
    auto alone = pdf::Resources::load(style_);
    const std::string expected = pdf::write_pdf({*report_->read.report, *report_->resolution, style_, *alone, report_->text});
    const cli::OutputFormat* pdf_format = &output("pdf");
    for (int round = 0; round < 2; ++round) {  // the second keeps its parts in place of the first's
        cli::LoadedReport r = *report_;
        cli::BuildContext ctx(host_);
        ctx.layout_helper = true;
        pdf_format->plan(r, ctx);
        ctx.model_readers[&r] = {&r, 1};
        EXPECT_TRUE(pdf_format->write(r, ctx) == expected) << "round " << round;
        const pdf::Resources& fonts = *ctx.fonts.at(pdf::Resources::key(style_));
        EXPECT_TRUE(fonts.layout_released());
        EXPECT_EQ(fonts.hyphenator(), nullptr);
        EXPECT_TRUE(r.text.empty()) << "the PDF holds the source compressed";
    }
}

// Kept to the process's end instead of freed: released as far as layout is
// concerned, and a document laid out before is written the same.
TEST_F(PdfResources, LayoutPartsKeptUntilExitAreReleasedForLayout) {
    pdf::Document document = pdf::layout_report(input());
    const std::string before = pdf::emit_pdf(document);
    resources_->keep_layout_parts_until_exit();
    EXPECT_TRUE(resources_->layout_released());
    EXPECT_EQ(resources_->hyphenator(), nullptr);
    EXPECT_THROW(pdf::layout_report(input()), std::logic_error);
    EXPECT_TRUE(pdf::emit_pdf(std::move(document)) == before);
}

// Laying out with released resources would silently lose hyphenation: refused.
TEST_F(PdfResources, LayoutRefusesReleasedResources) {
    resources_->release_layout_parts();
    EXPECT_THROW(pdf::layout_report(input()), std::logic_error);
}

// Several threads lay out and write with one set of resources at once
// (`tertial build --jobs`): the cold cache filled by all of them together,
// the patterns parsed for all, each font used by all. Every PDF is the
// bytes of one made alone with fresh resources, and the cache ends with
// each word once, as one thread alone would leave it. (Run under
// ThreadSanitizer or helgrind, this is the test of the shared parts.)
TEST_F(PdfResources, SharedByThreadsAtOnceTheOutputIsTheSame) {
    auto alone = pdf::Resources::load(style_);
    std::string expected = pdf::write_pdf({*report_->read.report, *report_->resolution, style_, *alone, report_->text});
    std::size_t entries_alone = alone->text_cache().entries();
    constexpr int threads = 6;
    std::vector<std::string> made(threads);
    std::vector<std::thread> running;
    for (int i = 0; i < threads; ++i)
        running.emplace_back([&, i] { made[static_cast<std::size_t>(i)] = pdf::write_pdf(input()); });
    for (auto& t : running) t.join();
    for (int i = 0; i < threads; ++i) EXPECT_TRUE(made[static_cast<std::size_t>(i)] == expected) << "thread " << i;
    EXPECT_EQ(resources_->text_cache().entries(), entries_alone);
}

// `tertial build` of one report draws its pages' streams on a second
// thread as well (EmitOptions::page_helper): the same bytes, lent or
// given up.
TEST_F(PdfResources, PagesDrawnOnASecondThreadGiveTheSameBytes) {
    const pdf::Document document = pdf::layout_report(input());
    ASSERT_GT(document.pages.size(), 10u);
    pdf::EmitOptions helped;
    helped.page_helper = true;
    const std::string alone = pdf::emit_pdf(document);
    EXPECT_TRUE(pdf::emit_pdf(document, helped) == alone);
    pdf::Document given = document;
    EXPECT_TRUE(pdf::emit_pdf(std::move(given), helped) == alone);
}

// A page that cannot be drawn fails the file the same way, whichever
// thread drew it.
TEST_F(PdfResources, APageThatCannotBeDrawnFailsTheSameOnASecondThread) {
    pdf::Document document = pdf::layout_report(input());
    document.pages[document.pages.size() - 2].content.push_back({std::nullopt, {pdf::ImageItem{99, 68, 100, 10, 10}}});
    std::string said[2];
    for (bool helper : {false, true}) {
        pdf::EmitOptions options;
        options.page_helper = helper;
        try {
            pdf::emit_pdf(document, options);
            ADD_FAILURE() << "written";
        } catch (const std::invalid_argument& e) {
            said[helper] = e.what();
        }
    }
    EXPECT_NE(said[0].find("names image 99"), std::string::npos) << said[0];
    EXPECT_EQ(said[1], said[0]);
}

}  // namespace
}  // namespace tertial

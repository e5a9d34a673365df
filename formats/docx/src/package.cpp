// The .docx package from elsewhere: a ZIP read through libzip within limits, or a clear word on what it is instead.
#include "package.hpp"

#include <zip.h>

#include <memory>

#include <fmt/format.h>

namespace tertial::docx {
namespace {

bool starts_with(std::string_view bytes, std::string_view magic) { return bytes.substr(0, magic.size()) == magic; }

// What a file that is not a ZIP is, for the message.
std::string what_it_is(std::string_view bytes) {
    if (starts_with(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
        return "it is an OLE compound file: either a password-protected (encrypted) Word document, which Word "
               "saves in that form, or an old .doc file; remove the password (Arkiv › Info › Skydda dokument) or "
               "save it as .docx (Word Document) and import again";
    if (starts_with(bytes, "%PDF")) return "it is a PDF; import the Word document the PDF was made from";
    if (starts_with(bytes, "{\\rtf")) return "it is an RTF file; save it as .docx (Word Document) and import again";
    if (bytes.empty()) return "it is empty";
    return "it is not a ZIP archive, which every .docx is";
}

}  // namespace

Package::Package(std::string_view bytes, std::string file, const Limits& limits)
    : file_(std::move(file)), limits_(limits) {
    if (!starts_with(bytes, "PK\x03\x04") && !starts_with(bytes, "PK\x05\x06"))
        throw DocxError(fmt::format("{}: error: not a Word document (.docx): {}", file_, what_it_is(bytes)));
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (src) archive_ = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (!archive_) {
        if (src) zip_source_free(src);
        std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        throw DocxError(fmt::format("{}: error: not a Word document (.docx): the ZIP archive cannot be read: {}", file_, why));
    }
    zip_error_fini(&error);
}

Package::~Package() {
    if (archive_) zip_discard(archive_);
}

std::optional<std::string> Package::part(const std::string& name) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(archive_, name.c_str(), 0, &st) != 0) return std::nullopt;
    if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
        throw DocxError(fmt::format("{}: error: the document's part {} does not say its size", file_, name));
    // Checked before a byte is unpacked, on what the archive declares; the
    // read below stops at the declared size, so a part cannot grow past it.
    if (st.size > limits_.part)
        throw DocxError(fmt::format("{}: error: the document's part {} unpacks to {} bytes, more than the {} MiB a "
                                    "part may have: a damaged file or a zip bomb; nothing imported",
                                    file_, name, st.size, limits_.part >> 20));
    if (st.size > (std::uint64_t(1) << 20) && st.size / std::max<zip_uint64_t>(st.comp_size, 1) > limits_.ratio)
        throw DocxError(fmt::format("{}: error: the document's part {} unpacks {} bytes from {} (a ratio over {} to 1): "
                                    "a zip bomb, not a Word document; nothing imported",
                                    file_, name, st.size, st.comp_size, limits_.ratio));
    if (st.size > limits_.total - std::min(read_, limits_.total))
        throw DocxError(fmt::format("{}: error: the document's parts unpack to more than {} MiB together: a zip bomb, "
                                    "not a Word document; nothing imported",
                                    file_, limits_.total >> 20));
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(zip_fopen(archive_, name.c_str(), 0), zip_fclose);
    if (!f) throw DocxError(fmt::format("{}: error: the document's part {} cannot be read: {}", file_, name, zip_strerror(archive_)));
    std::string out(static_cast<std::size_t>(st.size), '\0');
    zip_int64_t n = zip_fread(f.get(), out.data(), st.size);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size)
        throw DocxError(fmt::format("{}: error: the document's part {} is damaged (it does not unpack to the size the "
                                    "archive gives it)",
                                    file_, name));
    char extra;
    if (zip_fread(f.get(), &extra, 1) != 0)
        throw DocxError(fmt::format("{}: error: the document's part {} unpacks to more than the archive says", file_, name));
    read_ += st.size;
    return out;
}

std::vector<std::string> Package::names() const {
    std::vector<std::string> out;
    zip_int64_t n = zip_get_num_entries(archive_, 0);
    for (zip_int64_t i = 0; i < n && i < 10000; ++i)
        if (const char* name = zip_get_name(archive_, static_cast<zip_uint64_t>(i), 0)) out.emplace_back(name);
    return out;
}

}  // namespace tertial::docx

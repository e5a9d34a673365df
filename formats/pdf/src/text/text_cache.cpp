// TextCache: shaped text and broken paragraphs, remembered by their inputs.
#include <nettle/sha2.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "text_cache_impl.hpp"

namespace tertial::pdf {

using namespace text_detail;

namespace {

template <typename T>
void append_bytes(std::string& key, const T& value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    key.append(bytes, sizeof(T));
}

// The SHA-256 digest of the spans' texts one after the other.
std::string texts_digest(const std::vector<Span>& spans) {
    sha256_ctx ctx;
    sha256_init(&ctx);
    for (const auto& span : spans)
        sha256_update(&ctx, span.text.size(), reinterpret_cast<const std::uint8_t*>(span.text.data()));
    std::uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

void merge_missing(const std::vector<char32_t>& found, std::vector<char32_t>* missing) {
    if (!missing) return;
    for (char32_t cp : found)
        if (std::find(missing->begin(), missing->end(), cp) == missing->end()) missing->push_back(cp);
}

}  // namespace

void TextCache::Impl::font_key(std::string& key, const FontSet& fonts) {
    append_bytes(key, fonts.regular);
    append_bytes(key, fonts.bold);
    append_bytes(key, fonts.italic);
    append_bytes(key, fonts.fallback);
}

std::uint32_t TextCache::Impl::style_index(const Font& font, double size, const FontSet& fonts, Figures figures) {
    // Sizes compare by their bits, as when they were written into the key.
    auto same = [&](const Style& s) {
        return s.font == &font && std::memcmp(&s.size, &size, sizeof size) == 0 && s.fonts == fonts &&
               s.figures == figures;
    };
    // A report has a few dozen styles at most (fonts, sizes, figures).
    for (std::size_t i = styles.size(); i-- > 0;)
        if (same(styles[i])) return static_cast<std::uint32_t>(i);
    styles.push_back({&font, size, fonts, figures});
    return static_cast<std::uint32_t>(styles.size() - 1);
}

void TextCache::Impl::shape_key(std::string& key, std::string_view text, const Font& font, double size,
                                const FontSet& fonts, Figures figures) {
    key.clear();
    append_bytes(key, style_index(font, size, fonts, figures));
    key.append(text);
}

TextCache::Impl::ShapeEntry& TextCache::Impl::entry(std::string_view text, const Font& font, double size,
                                                    const FontSet& fonts, std::vector<char32_t>* missing,
                                                    Figures figures) {
    // The key is built in a buffer kept by the thread: a lookup (nearly
    // every call) allocates nothing; only a new entry copies it.
    thread_local std::string key;
    ShapeEntry* found = nullptr;
    {
        std::lock_guard held(lock);
        shape_key(key, text, font, size, fonts, figures);
        auto it = shapes->find(key);
        if (it != shapes->end()) found = &it->second;
    }
    if (!found) {
        std::vector<char32_t> found_missing;
        MappedRuns runs = shape_mapped(text, font, size, fonts, &found_missing, figures);
        std::lock_guard held(lock);
        found = &shapes->try_emplace(key, std::move(runs), std::move(found_missing)).first->second;
    }
    merge_missing(found->missing, missing);
    return *found;
}

const Measured& TextCache::Impl::mapped(std::string_view text, const Font& font, double size, const FontSet& fonts,
                                        std::vector<char32_t>* missing, Figures figures) {
    ShapeEntry& found = entry(text, font, size, fonts, missing, figures);
    // One thread measures, outside `lock`; another that wants the same
    // entry meanwhile waits for it (a word is measured in about a
    // microsecond).
    int state = found.measures.load(std::memory_order_acquire);
    if (state == ShapeEntry::measured) return found.shaped;
    int expected = ShapeEntry::unmeasured;
    if (state == ShapeEntry::unmeasured &&
        found.measures.compare_exchange_strong(expected, ShapeEntry::measuring, std::memory_order_acquire)) {
        measure(found.shaped);
        found.measures.store(ShapeEntry::measured, std::memory_order_release);
        return found.shaped;
    }
    while (found.measures.load(std::memory_order_acquire) != ShapeEntry::measured) std::this_thread::yield();
    return found.shaped;
}

// What a paragraph is broken with, and its spans' fonts, sizes, lengths
// and texts. Texts of more than 64 bytes in all go in as their SHA-256
// digest: a 10 MB paragraph's key is then a hundred bytes, not a copy of it,
// and is compared in as many. A digest tells texts apart as surely as the
// texts do (no two are known to share one, and a document must never show
// another paragraph's lines); the lengths in the key tell a digest from a
// short text.
std::string TextCache::Impl::paragraph_key(const std::vector<Span>& spans, const BreakOptions& options) {
    constexpr std::size_t longest_kept = 64;
    std::string key;
    append_bytes(key, options.width);
    append_bytes(key, options.hyphenator);
    append_bytes(key, options.whole_names);
    if (options.fonts) font_key(key, *options.fonts);
    std::size_t total = 0;
    for (const auto& span : spans) {
        append_bytes(key, span.font);
        append_bytes(key, span.size);
        append_bytes(key, span.text.size());
        total += span.text.size();
    }
    if (total > longest_kept) return key + texts_digest(spans);
    for (const auto& span : spans) key.append(span.text);
    return key;
}

std::shared_ptr<const BrokenLines> TextCache::Impl::find_paragraph(const std::string& key,
                                                                  std::vector<char32_t>* missing) {
    const ParagraphEntry* found = nullptr;
    {
        std::lock_guard held(lock);
        auto it = paragraphs.find(key);
        if (it == paragraphs.end()) return nullptr;
        found = &it->second;  // never changed once stored, and a node stays where it is
    }
    merge_missing(found->missing, missing);
    return found->lines;
}

std::shared_ptr<const BrokenLines> TextCache::Impl::store_paragraph(std::string key,
                                                                   std::shared_ptr<const BrokenLines> lines,
                                                                   std::vector<char32_t> found_missing,
                                                                   std::vector<char32_t>* missing) {
    const ParagraphEntry* stored = nullptr;
    {
        std::lock_guard held(lock);
        stored = &paragraphs.try_emplace(std::move(key), ParagraphEntry{std::move(lines), std::move(found_missing)})
                      .first->second;
    }
    merge_missing(stored->missing, missing);
    return stored->lines;
}

TextCache::TextCache() : impl_(std::make_unique<Impl>()) {}
TextCache::~TextCache() = default;

const std::vector<GlyphRun>& TextCache::shape(std::string_view text, const Font& font, double size,
                                              const FontSet& fonts, std::vector<char32_t>* missing, Figures figures) {
    return impl_->entry(text, font, size, fonts, missing, figures).shaped.runs.runs;
}

double TextCache::width(std::string_view text, const Font& font, double size, const FontSet& fonts, Figures figures,
                        bool store) {
    thread_local std::string key;  // as in Impl::entry(): a lookup allocates nothing
    {
        std::lock_guard held(impl_->lock);
        impl_->shape_key(key, text, font, size, fonts, figures);
        if (auto it = impl_->shapes->find(key); it != impl_->shapes->end()) return width_of(it->second.shaped.runs.runs);
        if (auto it = impl_->widths.find(key); it != impl_->widths.end()) return it->second;
    }
    // A word to keep (a cell's, measured for its column) is shaped into
    // `shapes`, where line breaking looks for it when the cell is broken:
    // it is shaped once, not once for its width and again for its line.
    if (store && text.find_first_of(" \t\n") == std::string_view::npos)
        return width_of(impl_->entry(text, font, size, fonts, nullptr, figures).shaped.runs.runs);
    const double w = width_of(pdf::shape(text, font, size, fonts, nullptr, figures));
    if (!store) return w;
    std::lock_guard held(impl_->lock);
    impl_->widths.try_emplace(key, w);
    return w;
}

std::size_t TextCache::entries() const {
    std::lock_guard held(impl_->lock);
    return impl_->shapes->size() + impl_->paragraphs.size();
}

void TextCache::clear() {
    std::lock_guard held(impl_->lock);
    impl_->shapes = std::make_shared<Impl::Shapes>();
    impl_->paragraphs.clear();
    impl_->widths.clear();
    impl_->styles.clear();
}

}  // namespace tertial::pdf

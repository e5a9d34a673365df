// Swedish hyphenation with libhyphen and Debian's hyph_sv_SE.dic. The
// dictionary declares its charset on its first line (ISO8859-1 in Debian 12,
// UTF-8 in some other builds): words are lowercased and given to libhyphen in
// that charset, and its character positions mapped back to UTF-8 byte offsets.
#include <hyphen.h>

#include <cstdio>
#include <cstdlib>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tertial/pdf/text.hpp"
#include "text_impl.hpp"

namespace tertial::pdf {

using namespace text_detail;

namespace {

constexpr std::size_t left_min = 2;   // characters before a hyphen
constexpr std::size_t right_min = 3;  // characters after it
constexpr std::size_t longest_word = 100;

// Lowercase for the letters a Swedish dictionary knows (ASCII, Latin-1,
// Latin Extended-A pairs); others are left as they are.
char32_t lower(char32_t cp) {
    if (cp >= U'A' && cp <= U'Z') return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
    if (cp == 0x178) return 0xFF;
    if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x138 && cp != 0x149 && cp != 0x17F) {
        bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        if (odd_upper ? (cp % 2 == 1) : (cp % 2 == 0)) return cp + 1;
    }
    return cp;
}

// libhyphen's parse: its state tables grow by doubling, and the Swedish
// patterns' 18 513 states of 40 bytes leave 1.31 MB of which 0.57 MB is
// never written. Once read, each level's table is cut to its size (nothing
// adds a state after the parse; hnj_hyphen_free frees it as before), and the
// rest is free for the report's own memory.
HyphenDict* load_patterns(const std::string& path) {
    HyphenDict* dict = hnj_hyphen_load(path.c_str());
    for (HyphenDict* level = dict; level; level = level->nextlevel) {
        if (level->num_states <= 0) continue;
        void* cut = std::realloc(level->states, static_cast<std::size_t>(level->num_states) * sizeof(HyphenState));
        if (cut) level->states = static_cast<HyphenState*>(cut);  // on failure the table stays as it was
    }
    return dict;
}

// A parse started by Hyphenator::prepare(), until a load() of its file
// takes it or discard_prepared() frees it. Never destroyed: prepare() may
// still be running on another thread when the process ends.
struct Prepared {
    std::mutex lock;
    bool started = false;
    std::string path;
    std::future<HyphenDict*> parsing;
};

Prepared& prepared() {
    static Prepared* p = new Prepared;
    return *p;
}

}  // namespace

struct Hyphenator::Impl {
    std::string path;
    mutable std::future<HyphenDict*> parsing;  // started by load()
    mutable HyphenDict* dict = nullptr;
    mutable bool released = false;  // release_patterns(): parsed again when a new word comes
    mutable std::unordered_map<std::string, std::vector<std::size_t>> words;  // points() by word
    // Reports laid out at once share the patterns: `lock` guards `parsing`,
    // `dict` and `words` (libhyphen only reads the parsed patterns).
    mutable std::mutex lock;
    ~Impl() {
        if (parsing.valid()) dict = parsing.get();
        if (dict) hnj_hyphen_free(dict);
    }
    HyphenDict* patterns() const {
        if (parsing.valid()) dict = parsing.get();
        if (!dict && released) {
            dict = load_patterns(path);
            released = false;
        }
        if (!dict) throw std::runtime_error(path + ": not a libhyphen pattern file");
        return dict;
    }
    // Hyphenation positions in one run of letters: character indices i
    // meaning "a hyphen may follow character i".
    std::vector<std::size_t> letters(const std::vector<char32_t>& word) const;
};

Hyphenator::Hyphenator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Hyphenator::~Hyphenator() = default;

void Hyphenator::prepare(const std::string& dic_path) {
    Prepared& p = prepared();
    std::lock_guard<std::mutex> held(p.lock);
    if (p.started) return;
    p.started = true;
    p.path = dic_path;
    p.parsing = std::async(std::launch::async, [dic_path] { return load_patterns(dic_path); });
}

void Hyphenator::discard_prepared() {
    Prepared& p = prepared();
    std::lock_guard<std::mutex> held(p.lock);
    if (!p.parsing.valid()) return;
    if (HyphenDict* dict = p.parsing.get()) hnj_hyphen_free(dict);
}

std::unique_ptr<Hyphenator> Hyphenator::load(const std::string& dic_path) {
    std::FILE* probe = std::fopen(dic_path.c_str(), "rb");
    if (!probe) throw std::runtime_error(dic_path + ": cannot read the hyphenation patterns");
    std::fclose(probe);
    // libhyphen takes ~5 ms to parse the Swedish patterns (~100 KB): that
    // happens on another thread, from prepare() or from here, and the first
    // word to hyphenate waits for it.
    auto impl = std::make_unique<Impl>();
    impl->path = dic_path;
    {
        Prepared& p = prepared();
        std::lock_guard<std::mutex> held(p.lock);
        if (p.path == dic_path && p.parsing.valid()) impl->parsing = std::move(p.parsing);
    }
    if (!impl->parsing.valid())
        impl->parsing = std::async(std::launch::async, [path = dic_path] { return load_patterns(path); });
    return std::unique_ptr<Hyphenator>(new Hyphenator(std::move(impl)));
}

void Hyphenator::release_patterns() const {
    std::lock_guard<std::mutex> held(impl_->lock);
    if (impl_->parsing.valid()) impl_->dict = impl_->parsing.get();
    if (!impl_->dict) return;  // not a pattern file: points() says so, as before
    hnj_hyphen_free(impl_->dict);
    impl_->dict = nullptr;
    impl_->released = true;
}

bool Hyphenator::holds_patterns() const {
    std::lock_guard<std::mutex> held(impl_->lock);
    return impl_->parsing.valid() || impl_->dict;
}

std::vector<std::size_t> Hyphenator::Impl::letters(const std::vector<char32_t>& word) const {
    std::vector<std::size_t> out;
    if (word.size() < left_min + right_min || word.size() > longest_word) return out;
    HyphenDict* dict = patterns();
    std::string encoded;
    for (char32_t cp : word) {
        char32_t l = lower(cp);
        if (dict->utf8) {
            append_utf8(encoded, l);
        } else {
            if (l > 0xFF) return out;  // not in the dictionary's charset
            encoded += static_cast<char>(static_cast<unsigned char>(l));
        }
    }
    std::vector<char> hyphens(encoded.size() + 5, '0');
    char** rep = nullptr;
    int* pos = nullptr;
    int* cut = nullptr;
    int failed = hnj_hyphen_hyphenate2(dict, encoded.data(), static_cast<int>(encoded.size()), hyphens.data(),
                                       nullptr, &rep, &pos, &cut);
    if (!failed) {
        // With UTF-8 dictionaries libhyphen has already turned byte positions
        // into character positions: hyphens[i] is about character i either way.
        for (std::size_t i = left_min - 1; i + right_min < word.size(); ++i) {
            if (!(hyphens[i] & 1)) continue;
            // Replacement hyphenation (German "Schiffahrt") changes letters;
            // the Swedish patterns have none, and such points are skipped.
            if (rep && rep[i]) continue;
            out.push_back(i);
        }
    }
    if (rep) {
        for (std::size_t i = 0; i < encoded.size(); ++i) std::free(rep[i]);
        std::free(rep);
    }
    std::free(pos);
    std::free(cut);
    return out;
}

std::vector<std::size_t> Hyphenator::points(std::string_view word) const {
    std::lock_guard<std::mutex> held(impl_->lock);
    auto known = impl_->words.find(std::string(word));
    if (known != impl_->words.end()) return known->second;
    std::vector<std::size_t> out;
    auto chars = decode_utf8(word);
    // Hyphenate each run of letters on its own ("EU-projektet", "nämnden,"):
    // punctuation, digits and existing hyphens are not part of a syllable.
    std::size_t i = 0;
    while (i < chars.size()) {
        if (!is_letter(chars[i].cp)) { ++i; continue; }
        std::size_t start = i;
        std::vector<char32_t> letters;
        while (i < chars.size() && is_letter(chars[i].cp)) letters.push_back(chars[i++].cp);
        // A letter run glued to digits ("3D", "B12") is a code, not a word.
        bool glued = (start > 0 && chars[start - 1].cp >= U'0' && chars[start - 1].cp <= U'9') ||
                     (i < chars.size() && chars[i].cp >= U'0' && chars[i].cp <= U'9');
        if (glued) continue;
        for (std::size_t k : impl_->letters(letters)) {
            const auto& next = chars[start + k + 1];
            out.push_back(next.offset);
        }
    }
    impl_->words.emplace(std::string(word), out);
    return out;
}

}  // namespace tertial::pdf

// Swedish hyphenation from Debian's hyph_sv_SE.dic, read by HyphenPatterns
// (hyphen_patterns.hpp says why not by libhyphen). Words are lowercased and
// hyphenated a run of letters at a time; the points go back as UTF-8 byte
// offsets.
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hyphen_patterns.hpp"
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

using Patterns = std::shared_ptr<const HyphenPatterns>;

Patterns load_patterns(const std::string& path) {
    return std::make_shared<const HyphenPatterns>(HyphenPatterns::read(path));
}

// Patterns Hyphenator::prepare() read, until a load() of their file takes
// them or discard_prepared() frees them. Never destroyed: discard_prepared()
// runs from an exit handler.
struct Prepared {
    std::mutex lock;
    std::string path;
    Patterns patterns;
};

Prepared& prepared() {
    static Prepared* p = new Prepared;
    return *p;
}

}  // namespace

struct Hyphenator::Impl {
    std::string path;
    mutable Patterns dict;          // none once released
    mutable std::unordered_map<std::string, std::vector<std::size_t>> words;  // points() by word
    // Reports laid out at once share the patterns: `lock` guards `dict` and
    // `words`.
    mutable std::mutex lock;
    // Call with `lock` held; the patterns stay alive for the caller after
    // a release_patterns() on another thread. Released ones are read again.
    Patterns patterns() const {
        if (!dict) dict = load_patterns(path);
        return dict;
    }
    // Hyphenation positions in one run of letters: character indices i
    // meaning "a hyphen may follow character i". Called without `lock`;
    // `patterns` gives the patterns, taken under it, the first time a run
    // is long enough to need them.
    static std::vector<std::size_t> letters(const std::vector<char32_t>& word, const std::function<Patterns()>& patterns);
};

Hyphenator::Hyphenator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Hyphenator::~Hyphenator() = default;

void Hyphenator::prepare(const std::string& dic_path) {
    Patterns read;
    try {
        read = load_patterns(dic_path);
    } catch (const std::exception&) {
        return;  // load() reads the file again and says why
    }
    Prepared& p = prepared();
    std::lock_guard<std::mutex> held(p.lock);
    p.path = dic_path;
    p.patterns = std::move(read);
}

void Hyphenator::discard_prepared() {
    Prepared& p = prepared();
    std::lock_guard<std::mutex> held(p.lock);
    p.patterns.reset();
}

std::unique_ptr<Hyphenator> Hyphenator::load(const std::string& dic_path) {
    auto impl = std::make_unique<Impl>();
    impl->path = dic_path;
    {
        Prepared& p = prepared();
        std::lock_guard<std::mutex> held(p.lock);
        if (p.path == dic_path) impl->dict = std::move(p.patterns);
    }
    // Reading the Swedish patterns (~100 KB) takes 0.5-0.9 ms.
    if (!impl->dict) impl->dict = load_patterns(dic_path);
    return std::unique_ptr<Hyphenator>(new Hyphenator(std::move(impl)));
}

void Hyphenator::release_patterns() const {
    std::lock_guard<std::mutex> held(impl_->lock);
    impl_->dict.reset();
}

bool Hyphenator::holds_patterns() const {
    std::lock_guard<std::mutex> held(impl_->lock);
    return impl_->dict != nullptr;
}

std::vector<std::size_t> Hyphenator::Impl::letters(const std::vector<char32_t>& word,
                                                   const std::function<Patterns()>& patterns) {
    std::vector<std::size_t> out;
    if (word.size() < left_min + right_min || word.size() > longest_word) return out;
    const HyphenPatterns& dict = *patterns();
    std::vector<char32_t> lowered;
    lowered.reserve(word.size());
    for (char32_t cp : word) {
        char32_t l = lower(cp);
        if (dict.latin1() && l > 0xFF) return out;  // not in the patterns' charset
        lowered.push_back(l);
    }
    std::vector<std::uint8_t> values;
    dict.values(lowered, values);
    // values[i + 1] is between characters i and i + 1: odd, a hyphen may go there.
    for (std::size_t i = left_min - 1; i + right_min < word.size(); ++i)
        if (values[i + 1] & 1) out.push_back(i);
    return out;
}

std::vector<std::size_t> Hyphenator::points(std::string_view word) const {
    std::string key(word);
    {
        std::lock_guard<std::mutex> held(impl_->lock);
        auto known = impl_->words.find(key);
        if (known != impl_->words.end()) return known->second;
    }
    // Worked out without the lock (reports laid out at once, and a layout's
    // helper thread, hyphenate side by side); the patterns are taken under
    // it, and only for a word long enough to need them.
    Patterns taken;
    std::function<Patterns()> patterns = [&] {
        if (!taken) {
            std::lock_guard<std::mutex> held(impl_->lock);
            taken = impl_->patterns();
        }
        return taken;
    };
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
        for (std::size_t k : Impl::letters(letters, patterns)) {
            const auto& next = chars[start + k + 1];
            out.push_back(next.offset);
        }
    }
    std::lock_guard<std::mutex> held(impl_->lock);
    impl_->words.emplace(std::move(key), out);  // a thread that was first keeps its (equal) entry
    return out;
}

}  // namespace tertial::pdf

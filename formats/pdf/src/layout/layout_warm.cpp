// A second thread filling the text cache for the first layout pass: it lays
// out the report body from its end while the first pass starts at the top.
//
// A cold first pass is mostly the text cache's work (shaping each word,
// breaking each paragraph: seed 000's first pass takes 13 ms cold and 2.5
// ms warm). Laid out from the end on an idle core, the body's second half
// is in the cache when the first pass comes to it. The helper's pages are
// thrown away; what it leaves in the cache is what the first pass would
// have put there, so the document is the same bytes.
#include <charconv>
#include <map>
#include <system_error>
#include <utility>

#include "layout_engine.hpp"
#include "tertial/walk.hpp"
#include "text/line_break_impl.hpp"
#include "threads.hpp"

namespace tertial::pdf {
namespace {

// Thrown inside the helper when the first pass has no more use for it.
struct Stopped {};

// The body's units in the order the first pass begins them: each block of
// a top-level section's body, and each top-level block that is not a
// section with a body.
struct Unit {
    const Blocks* blocks;
    std::size_t index;
    std::string pointer;  // of `blocks`
    int depth;
    std::size_t top;  // the top-level block it is in
    std::size_t text_bytes = 0;
};

// A unit with more text than this is left to the first pass: the helper
// would still be breaking it when the first pass came to it, and the two
// would break it at once, each holding its lines and the work done twice
// (one 100 KB paragraph, the helper's only unit).
constexpr std::size_t heaviest_unit = 16 << 10;

// The index after `prefix` at the start of `pointer` ("/body/3/..." -> 3).
std::optional<std::size_t> index_after(std::string_view pointer, std::string_view prefix, std::string_view* rest) {
    if (!pointer.starts_with(prefix)) return std::nullopt;
    pointer.remove_prefix(prefix.size());
    std::size_t i = 0;
    auto [end, ec] = std::from_chars(pointer.data(), pointer.data() + pointer.size(), i);
    if (ec != std::errc()) return std::nullopt;
    *rest = pointer.substr(static_cast<std::size_t>(end - pointer.data()));
    return i;
}

bool has_body(const Block& b) {
    const auto* s = std::get_if<Section>(&b.content);
    return s && !s->body.empty();
}

std::vector<Unit> units_of(const Blocks& body) {
    std::vector<Unit> units;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (!has_body(body[i])) {
            units.push_back({&body, i, "/body", 1, i});
            continue;
        }
        const Blocks& inner = std::get<Section>(body[i].content).body;
        std::string pointer = pointer_join(pointer_join("/body", i), "body");
        for (std::size_t j = 0; j < inner.size(); ++j) units.push_back({&inner, j, pointer, 2, i});
    }
    return units;
}

// Each unit's text, in bytes (a section's title is its top-level block's,
// laid out by the first pass).
void weigh(std::vector<Unit>& units, const Report& report) {
    std::map<std::pair<std::size_t, std::size_t>, Unit*> by_place;  // (top, index or npos)
    for (Unit& u : units) by_place[{u.top, u.depth == 1 ? std::string::npos : u.index}] = &u;
    for_each_text(report, [&](const std::string& text, const std::string& pointer) {
        std::string_view rest;
        auto top = index_after(pointer, "/body/", &rest);
        if (!top) return;
        auto it = by_place.find({*top, std::string::npos});
        if (it == by_place.end()) {
            auto inner = index_after(rest, "/body/", &rest);
            if (inner) it = by_place.find({*top, *inner});
        }
        if (it != by_place.end()) it->second->text_bytes += text.size();
    });
}

}  // namespace

void Layouter::count_unit(const Block& b, int depth) {
    // Only the report body's blocks come here at depths 1 and 2 (the cover
    // letter's are at depth 3).
    if (helping_ || depth > 2 || (depth == 1 && has_body(b))) return;
    ahead_->begun.store(++units_begun_, std::memory_order_release);
}

void Layouter::check_stop() const {
    if (helping_ && ahead_->stop.load(std::memory_order_acquire)) throw Stopped{};
}

void Layouter::lay_out_from_end(Ahead& ahead) {
    ahead_ = &ahead;
    helping_ = true;
    structure_.push_back({"Document", std::nullopt, {}, {}, {}, {}, {}, {}, 1});
    root_ = 0;
    start_part(PartKind::report);
    const Blocks& body = in_.report.body;
    std::vector<Unit> units = units_of(body);
    weigh(units, in_.report);
    for (std::size_t u = units.size(); u-- > 0;) {
        if (u < ahead.begun.load(std::memory_order_acquire)) return;  // the first pass is there
        const Unit& unit = units[u];
        if (unit.text_bytes > heaviest_unit) continue;
        following_.clear();
        if (unit.depth == 2) following_.push_back({&body, unit.top + 1, "/body", 1});
        following_.push_back({unit.blocks, unit.index + 1, unit.pointer, unit.depth});
        if (y_ < top()) new_page();
        block((*unit.blocks)[unit.index], pointer_join(unit.pointer, unit.index), root_, unit.depth);
    }
}

LayoutHelper::LayoutHelper(const LayoutInput& input, Layouter& first)
    : input_{input.report, input.resolution, input.style, input.resources, {}, {}, {}, false},
      beside_(input.beside_layout) {
    first.tell(ahead_);
    line_break_detail::prepare_line_breaking();
    laid_out_.start();
    try {
        thread_ = start_beside(Beside::throughout, [this] {
            try {
                Layouter helper(input_, {});
                helper.lay_out_from_end(ahead_);
            } catch (...) {
                // Stopped, or content the first pass will fail on itself
                // and report: the helper's own outcome is never read.
            }
            laid_out_.finish();
            if (beside_) beside_();
        });
    } catch (const std::system_error&) {
        laid_out_.finish();
    }
}

void LayoutHelper::stop_layout() {
    ahead_.stop.store(true, std::memory_order_release);
    laid_out_.wait();
}

LayoutHelper::~LayoutHelper() {
    stop_layout();
    if (thread_.joinable()) thread_.join();
}

}  // namespace tertial::pdf

// Writes the model as JSON in a fixed key order, so output is byte-stable.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <array>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tertial/json/report_json.hpp"

namespace tertial::json {
namespace {

using Json = nlohmann::ordered_json;

// An optional member (std::optional or OptionalBox), written when it is set.
template <class Optional>
    requires requires(const Optional& v) { v.has_value(); *v; }
void put(Json& j, const char* key, const Optional& v) {
    if (v) j[key] = *v;
}

void put_display(Json& j, const Display& d) {
    if (d.decimals) j["decimals"] = *d.decimals;
}

Json strings(const std::vector<std::string>& v) {
    Json a = Json::array();
    for (const auto& s : v) a.push_back(s);
    return a;
}

Json blocks(const Blocks& bs);

Json review(const Review& r) {
    Json j = Json::object();
    put(j, "note", r.note);
    if (!r.previous.empty()) j["previous"] = strings(r.previous);
    return j;
}

void put(Json& j, const char* key, const std::optional<Review>& r) {
    if (r) j[key] = review(*r);
}

Json sources(const std::vector<Source>& v) {
    Json a = Json::array();
    for (const auto& s : v) {
        Json j;
        j["kind"] = to_string(s.kind);
        put(j, "column", s.column);
        j["file"] = s.file;
        j["sha256"] = s.sha256;
        j["rows"] = s.rows;
        if (s.sum) j["sum"] = s.sum->to_string();
        j["date"] = s.date.to_string();
        put(j, "system", s.system);
        if (s.print) j["print"] = true;
        a.push_back(j);
    }
    return a;
}

Json meta(const Meta& m) {
    Json j;
    j["municipality"] = {{"name", m.municipality.name}, {"scb_code", m.municipality.scb_code}};
    j["committee"] = {{"name", m.committee.name}, {"short_name", m.committee.short_name}};
    put(j, "administration", m.administration);
    j["kind"] = to_string(m.kind);
    j["title"] = m.title;
    j["period"] = {{"year", m.period.year}, {"end", m.period.end.to_string()}};
    if (m.date.year) j["date"] = m.date.to_string();  // none: a draft's date still to fill in
    put(j, "dnr", m.dnr);
    j["status"] = to_string(m.status);
    if (!m.plugins.empty()) j["plugins"] = strings(m.plugins);
    if (!m.signatories.empty()) {
        Json a = Json::array();
        for (const auto& s : m.signatories) a.push_back({{"id", s.id}, {"name", s.name}, {"title", s.title}});
        j["signatories"] = a;
    }
    if (!m.todo.empty()) {
        Json a = Json::array();
        for (auto t : m.todo) a.push_back(to_string(t));
        j["todo"] = a;
    }
    return j;
}

Json figure(const Figure& f) {
    Json j;
    j["id"] = f.id;
    put(j, "label", f.label);
    j["unit"] = unit_name(f.unit);
    put_display(j, f.display);
    if (f.calc)
        j["calc"] = *f.calc;
    else if (f.todo)
        j["todo"] = true;
    if (f.waiver && f.value) j["value"] = f.value->to_string();  // kept as printed beside its calc
    if (!f.calc && !f.todo) j["value"] = f.value ? Json(f.value->to_string()) : Json(nullptr);
    put(j, "waiver", f.waiver);
    if (f.accepts) j["accepts"] = f.accepts->to_string();
    if (f.role) j["role"] = {{"last_year_of", f.role->last_year_of}};
    return j;
}

Json cell(const Cell& c) {
    return std::visit(
        [](const auto& v) -> Json {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) return nullptr;
            if constexpr (std::is_same_v<T, Decimal>) return v.to_string();
            if constexpr (std::is_same_v<T, std::string>) return v;
            if constexpr (std::is_same_v<T, CellCalc>) return Json{{"calc", v.calc}};
            if constexpr (std::is_same_v<T, CellTodo>) return Json{{"todo", true}};
            if constexpr (std::is_same_v<T, Boxed<CellWaived>>) {
                Json w{{"value", v->value.to_string()}, {"waiver", v->reason}};
                if (v->accepts) w["accepts"] = v->accepts->to_string();
                return w;
            }
        },
        c);
}

Json column(const Column& c) {
    Json j;
    j["id"] = c.id;
    j["title"] = c.title;
    if (c.kind != ColumnKind::amount) j["kind"] = to_string(c.kind);
    if (c.unit) j["unit"] = unit_name(*c.unit);
    put_display(j, c.display);
    put(j, "calc", c.calc);
    if (c.role) {
        Json r;
        r["type"] = to_string(c.role->type);
        put(r, "year", c.role->year);
        if (c.role->until) r["until"] = c.role->until->to_string();
        j["role"] = r;
    }
    if (c.kolada) {
        Json k = Json::object();
        put(k, "municipality", c.kolada->municipality);
        put(k, "gender", c.kolada->gender);
        j["kolada"] = k;
    }
    return j;
}

Json table_row(const TableRow& r) {
    Json row;
    row["id"] = r.id;
    row["label"] = r.label;
    if (r.kind != RowKind::normal) row["kind"] = to_string(r.kind);
    put(row, "calc", r.calc);
    if (r.month) row["month"] = r.month->to_string();
    put(row, "kolada", r.kolada);
    if (r.unit) row["unit"] = unit_name(*r.unit);
    if (!r.cells.empty()) {
        Json cells = Json::object();
        for (const auto& [id, c] : r.cells) cells[id] = cell(c);
        row["cells"] = cells;
    }
    if (!r.review.empty()) {
        Json reviews = Json::object();
        for (const auto& [id, rv] : r.review) reviews[id] = review(rv);
        row["review"] = reviews;
    }
    return row;
}

// `with_rows` false: "rows" is left an empty array, for the streamed writer to fill.
Json table(const Table& t, bool with_rows = true) {
    Json j;
    j["type"] = "table";
    j["id"] = t.id;
    put(j, "caption", t.caption);
    if (t.unit) j["unit"] = unit_name(*t.unit);
    if (t.rounded) j["rounded"] = true;
    Json cols = Json::array();
    for (const auto& c : t.columns) cols.push_back(column(c));
    j["columns"] = std::move(cols);
    Json rows = Json::array();
    if (with_rows)
        for (const auto& r : t.rows) rows.push_back(table_row(r));
    j["rows"] = std::move(rows);
    put(j, "note", t.note);
    if (!t.sources.empty()) j["sources"] = sources(t.sources);
    return j;
}

Json key_figures(const KeyFigures& k) {
    Json groups = Json::array();
    for (const auto& g : k.groups) {
        Json items = Json::array();
        for (const auto& kf : g.items) {
            Json i;
            i["id"] = kf.id;
            i["name"] = kf.name;
            i["unit"] = unit_name(kf.unit);
            put_display(i, kf.display);
            i["year"] = kf.year;
            i["value"] = kf.value ? Json(kf.value->to_string()) : Json(nullptr);
            put(i, "kolada", kf.kolada);
            put(i, "higher_is_better", kf.higher_is_better);
            i["comment"] = kf.comment;
            if (kf.todo) i["todo"] = true;
            put(i, "review", kf.review);
            items.push_back(i);
        }
        groups.push_back({{"goal", g.goal}, {"items", items}});
    }
    Json j = {{"type", "key_figures"}, {"groups", groups}};
    if (!k.sources.empty()) j["sources"] = sources(k.sources);
    return j;
}

Json assignments(const Assignments& a) {
    Json items = Json::array();
    for (const auto& as : a.items) {
        Json i;
        put(i, "id", as.id);
        i["text"] = as.text;
        put(i, "clarification", as.clarification);
        put(i, "note", as.note);
        i["comment"] = strings(as.comment);
        put(i, "review", as.review);
        items.push_back(i);
    }
    return {{"type", "assignments"}, {"source", to_string(a.source)}, {"items", items}};
}

// `with_body` false: "body" is left an empty array, for the streamed writer to fill.
Json section(const Section& v, bool with_body = true) {
    Json j;
    j["type"] = "section";
    j["title"] = v.title;
    if (!v.numbered) j["numbered"] = false;
    put(j, "id", v.id);
    if (v.goal) {
        Json g;
        put(g, "id", v.goal->id);
        g["status"] = to_string(v.goal->status);
        j["goal"] = g;
    }
    j["body"] = with_body ? blocks(v.body) : Json::array();
    return j;
}

Json block(const Block& b) {
    return std::visit(
        [](const auto& v) -> Json {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Section>) {
                return section(v);
            } else if constexpr (std::is_same_v<T, Paragraph>) {
                Json j{{"type", "paragraph"}, {"text", v.text}};
                put(j, "todo", v.todo);
                put(j, "review", v.review);
                return j;
            } else if constexpr (std::is_same_v<T, List>) {
                Json j{{"type", "list"}, {"ordered", v.ordered}, {"items", strings(v.items)}};
                put(j, "review", v.review);
                return j;
            } else if constexpr (std::is_same_v<T, Table>) {
                return table(v);
            } else if constexpr (std::is_same_v<T, Assignments>) {
                return assignments(v);
            } else if constexpr (std::is_same_v<T, Chart>) {
                Json j{{"type", "chart"},     {"id", v.id},
                       {"kind", to_string(v.kind)}, {"title", v.title},
                       {"table", v.table},    {"series_in", to_string(v.series_in)},
                       {"series", strings(v.series)}, {"alt", v.alt}};
                if (!v.categories.empty()) j["categories"] = strings(v.categories);
                put(j, "review", v.review);
                return j;
            } else {
                return key_figures(v);
            }
        },
        b.content);
}

Json blocks(const Blocks& bs) {
    Json a = Json::array();
    for (const auto& b : bs) a.push_back(block(b));
    return a;
}

Json cover_letter(const CoverLetter& c) {
    Json j;
    j["title"] = c.title;
    j["summary"] = blocks(c.summary);
    j["proposals"] = strings(c.proposals);
    put(j, "proposals_review", c.proposals_review);
    if (!c.basis.empty()) j["basis"] = strings(c.basis);
    if (!c.send_to.empty()) j["send_to"] = strings(c.send_to);
    if (!c.background.empty()) j["background"] = blocks(c.background);
    if (!c.signatures.empty()) j["signatures"] = strings(c.signatures);
    return j;
}

// ---- the streamed writer -------------------------------------------------------------
// The file is written a part at a time, each part as a document of its own
// dumped into place: a 10 000-row table's output as one document took
// 30 MB (a node per value, its keys and strings) for 5 MB of text. The
// bytes are nlohmann's dump(2) of the whole, exactly: a part is indented
// as deep as it sits, and a large array or object (a section's body, a
// table's rows, the resolved figures) is left empty in its parent's part
// and written element by element where the parent's dump shows it.

constexpr int indent_step = 2;

std::string dumped(const Json& j) { return j.dump(indent_step, ' ', false, Json::error_handler_t::strict); }

// An object member's key as dump() writes it, and the colon after it.
void append_key(std::string& out, std::string_view key) {
    out += dumped(Json(key));
    out += ": ";
}

// `text` (a dump) appended `level` levels deep: every line after its first
// indented by as much (a string's newlines are escaped: every newline in
// a dump is between lines).
void append_at(std::string& out, std::string_view text, std::size_t level) {
    const std::string pad(indent_step * level, ' ');
    for (std::size_t from = 0;;) {
        std::size_t nl = text.find('\n', from);
        out.append(text.substr(from, nl == std::string_view::npos ? std::string_view::npos : nl + 1 - from));
        if (nl == std::string_view::npos) break;
        out += pad;
        from = nl + 1;
    }
}

// An array or object at `level` of `count` elements, each written by
// `element(k, level + 1)` after its indentation (an object's element writes
// its key too); "[]" or "{}" when empty, as dump() writes them.
template <class Element>
void append_container(std::string& out, char open, char close, std::size_t count, std::size_t level, Element element) {
    out += open;
    if (count == 0) {
        out += close;
        return;
    }
    out += '\n';
    for (std::size_t k = 0; k < count; ++k) {
        out.append(indent_step * (level + 1), ' ');
        element(k, level + 1);
        out += k + 1 < count ? ",\n" : "\n";
    }
    out.append(indent_step * level, ' ');
    out += close;
}

// `part` (an object) at `level`, with its member `key` -- left empty in
// `part` -- written by `fill(level + 1)`: where the dump shows `"key": []`
// (or {}) on a line of its own one level in, which only a member of `part`
// itself can be.
template <class Fill>
void append_with_hole(std::string& out, const Json& part, const std::string& key, std::size_t level, Fill fill) {
    const std::string text = dumped(part);
    const std::string empty = dumped(part.at(key));
    std::string hole = "\n" + std::string(indent_step, ' ');
    append_key(hole, key);
    const std::size_t at = text.find(hole + empty);
    if (at == std::string::npos) throw std::logic_error("write_report: no place for \"" + key + "\" in its part");
    const std::size_t value_at = at + hole.size();
    append_at(out, std::string_view(text).substr(0, value_at), level);
    fill(level + 1);
    append_at(out, std::string_view(text).substr(value_at + empty.size()), level);
}

void append_block(std::string& out, const Block& b, std::size_t level);

void append_blocks(std::string& out, const Blocks& bs, std::size_t level) {
    append_container(out, '[', ']', bs.size(), level, [&](std::size_t k, std::size_t at) { append_block(out, bs[k], at); });
}

void append_block(std::string& out, const Block& b, std::size_t level) {
    if (const auto* s = std::get_if<Section>(&b.content); s && !s->body.empty()) {
        append_with_hole(out, section(*s, false), "body", level, [&](std::size_t at) { append_blocks(out, s->body, at); });
    } else if (const auto* t = std::get_if<Table>(&b.content); t && !t->rows.empty()) {
        append_with_hole(out, table(*t, false), "rows", level, [&](std::size_t at) {
            append_container(out, '[', ']', t->rows.size(), at,
                             [&](std::size_t k, std::size_t in) { append_at(out, dumped(table_row(t->rows[k])), in); });
        });
    } else {
        append_at(out, dumped(block(b)), level);
    }
}

// An object of `items` by key, in the order their keys first come, each
// key with its last value (as setting keys of a JSON object one by one
// leaves them); `key(i)` of an item, `value(i)` its value, `wanted(i)`
// whether it is written at all.
template <class Key, class Value, class Wanted>
void append_keyed(std::string& out, std::size_t n, std::size_t level, Key key, Value value, Wanted wanted) {
    std::unordered_map<std::string_view, std::size_t> last;
    std::vector<std::size_t> order;  // the items written: each key's first
    for (std::size_t i = 0; i < n; ++i) {
        if (!wanted(i)) continue;
        auto [it, fresh] = last.try_emplace(key(i), i);
        if (fresh) order.push_back(i);
        else it->second = i;
    }
    append_container(out, '{', '}', order.size(), level, [&](std::size_t k, std::size_t at) {
        const std::size_t i = last.at(key(order[k]));
        append_key(out, key(i));
        append_at(out, dumped(value(i)), at);
    });
}

void append_resolved(std::string& out, const Resolution& r, std::size_t level) {
    const std::array<const char*, 3> parts{"figures", "texts", "sections"};
    append_container(out, '{', '}', parts.size(), level, [&](std::size_t k, std::size_t at) {
        append_key(out, parts[k]);
        if (k == 0) {
            append_keyed(
                out, r.figures.size(), at, [&](std::size_t i) -> std::string_view { return r.figures[i].id; },
                [&](std::size_t i) {
                    const auto& f = r.figures[i];
                    return Json{{"value", f.value->to_string()},
                                {"unit", unit_name(f.unit)},
                                {"text", f.text()},
                                {"source", to_string(f.source)}};
                },
                [&](std::size_t i) { return r.figures[i].value.has_value(); });
        } else {
            const auto& v = k == 1 ? r.texts : r.sections;
            append_keyed(
                out, v.size(), at, [&](std::size_t i) -> std::string_view { return v[i].first; },
                [&](std::size_t i) { return Json(v[i].second); }, [](std::size_t) { return true; });
        }
    });
}

}  // namespace

std::string write_report(const Report& report, const Resolution* resolution) {
    Json j;
    if (report.schema) j["$schema"] = *report.schema;
    j["format"] = "tertial-report";
    j["format_version"] = fmt::format("{}.{}", report.version_major, report.version_minor);
    j["meta"] = meta(report.meta);
    if (!report.figures.empty()) {
        Json a = Json::array();
        for (const auto& f : report.figures) a.push_back(figure(f));
        j["figures"] = a;
    }
    if (!report.checks.empty()) {
        Json a = Json::array();
        for (const auto& c : report.checks) {
            Json cj{{"id", c.id}, {"left", c.left}, {"right", c.right}};
            put(cj, "message", c.message);
            put(cj, "waiver", c.waiver);
            if (c.accepts_left || c.accepts_right) {
                Json accepts = Json::object();
                if (c.accepts_left) accepts["left"] = c.accepts_left->to_string();
                if (c.accepts_right) accepts["right"] = c.accepts_right->to_string();
                cj["accepts"] = accepts;
            }
            a.push_back(cj);
        }
        j["checks"] = a;
    }
    if (report.cover_letter) j["cover_letter"] = cover_letter(*report.cover_letter);
    // The body is written into its place; the resolved figures, the last
    // member, before the closing brace.
    j["body"] = Json::array();
    std::string out;
    append_with_hole(out, j, "body", 0, [&](std::size_t at) { append_blocks(out, report.body, at); });
    if (resolution) {
        if (out.size() < 2 || out.compare(out.size() - 2, 2, "\n}") != 0)
            throw std::logic_error("write_report: the report object has no end");
        out.resize(out.size() - 2);
        out += ",\n";
        out.append(indent_step, ' ');
        append_key(out, "resolved");
        append_resolved(out, *resolution, 1);
        out += "\n}";
    }
    out += '\n';
    return out;
}

}  // namespace tertial::json

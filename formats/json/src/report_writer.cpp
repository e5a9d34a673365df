// Writes the model as JSON in a fixed key order, so output is byte-stable.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <string_view>
#include <unordered_map>

#include "tertial/json/report_json.hpp"

namespace tertial::json {
namespace {

using Json = nlohmann::ordered_json;

template <class T>
void put(Json& j, const char* key, const std::optional<T>& v) {
    if (v) j[key] = *v;
}

void put_display(Json& j, const Display& d) {
    if (d.decimals) j["decimals"] = *d.decimals;
}

// An object with many keys (the resolved figures, texts and sections:
// one per table cell), built in insertion order. ordered_json's operator[]
// searches its keys one by one, which made writing a 50 000-row table
// quadratic; this finds a key through a hash index instead, with the same
// result: a key set twice keeps its first place and its last value.
class KeyedObject {
public:
    void set(const std::string& key, Json value) {
        auto [it, fresh] = at_.try_emplace(key, items_.size());
        if (fresh)
            items_.emplace_back(key, std::move(value));
        else
            items_[it->second].second = std::move(value);
    }
    Json take() {
        Json j = Json::object();
        auto& object = j.get_ref<Json::object_t&>();
        object.reserve(items_.size());
        for (auto& [key, value] : items_) object.Json::object_t::Container::emplace_back(std::move(key), std::move(value));
        items_.clear();
        at_.clear();
        return j;
    }

private:
    std::vector<std::pair<std::string, Json>> items_;
    std::unordered_map<std::string, std::size_t> at_;
};

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
            if constexpr (std::is_same_v<T, CellWaived>) {
                Json w{{"value", v.value.to_string()}, {"waiver", v.reason}};
                if (v.accepts) w["accepts"] = v.accepts->to_string();
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

Json table(const Table& t) {
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
    for (const auto& r : t.rows) {
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
        rows.push_back(std::move(row));
    }
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

Json block(const Block& b) {
    return std::visit(
        [](const auto& v) -> Json {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Section>) {
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
                j["body"] = blocks(v.body);
                return j;
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

Json resolved(const Resolution& r) {
    KeyedObject figures, texts, sections;
    for (const auto& f : r.figures) {
        if (!f.value) continue;
        figures.set(f.id, {{"value", f.value->to_string()},
                           {"unit", unit_name(f.unit)},
                           {"text", f.text()},
                           {"source", to_string(f.source)}});
    }
    for (const auto& [pointer, text] : r.texts) texts.set(pointer, text);
    for (const auto& [pointer, number] : r.sections) sections.set(pointer, number);
    return {{"figures", figures.take()}, {"texts", texts.take()}, {"sections", sections.take()}};
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
    j["body"] = blocks(report.body);
    if (resolution) j["resolved"] = resolved(*resolution);
    return j.dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
}

}  // namespace tertial::json

// Reading a report's body: sections, paragraphs and lists, goals,
// assignments, key figures, charts and tables with their rows and cells.
#include "reader.hpp"

namespace tertial::json::detail {

Blocks Reader::blocks(const Json& j, const std::string& p) {
    Blocks out;
    if (!j.is_array()) {
        diags_.error("json.type", p, fmt::format("expected an array of blocks, found {}", type_name(j)));
        return out;
    }
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i)
        if (auto b = block(j[i], pointer_join(p, i))) out.push_back(std::move(*b));
    return out;
}

std::optional<Block> Reader::block(const Json& j, const std::string& p) {
    if (!expect_object(j, p)) return std::nullopt;
    static const std::vector<std::string_view> types{"section", "paragraph", "list", "table", "assignments", "key_figures", "chart"};
    std::string type = req_string(j, p, "type");
    if (type == "section") return Block{section(j, p)};
    if (type == "paragraph") {
        check_keys(j, p, {"type", "text", "todo", "review"});
        return Block{Paragraph{req_string(j, p, "text"), opt_string(j, p, "todo"), review(j, p)}};
    }
    if (type == "list") {
        check_keys(j, p, {"type", "ordered", "items", "review"});
        return Block{List{opt_bool(j, p, "ordered").value_or(false), strings(j, p, "items", true), review(j, p)}};
    }
    if (type == "table") return Block{table(j, p)};
    if (type == "assignments") return Block{assignments(j, p)};
    if (type == "key_figures") return Block{key_figures(j, p)};
    if (type == "chart") return Block{chart(j, p)};
    if (j.contains("type") && j["type"].is_string())
        diags_.error("json.value", p + "/type",
                     fmt::format("unknown block type '{}' (known: {}){}", type, fmt::join(types, ", "), did_you_mean(type, types)));
    return std::nullopt;
}

Section Reader::section(const Json& j, const std::string& p) {
    Section s;
    check_keys(j, p, {"type", "title", "numbered", "id", "goal", "body"});
    s.title = req_string(j, p, "title");
    s.numbered = opt_bool(j, p, "numbered").value_or(true);
    s.id = opt_id(j, p, "id", false);
    if (const Json* g = member(j, p, "goal", false)) s.goal = goal(*g, p + "/goal");
    if (const Json* b = member(j, p, "body", true)) s.body = blocks(*b, p + "/body");
    return s;
}

Chart Reader::chart(const Json& j, const std::string& p) {
    Chart c;
    check_keys(j, p, {"type", "id", "kind", "title", "table", "series_in", "series", "categories", "alt", "review"});
    c.id = req_id(j, p, "id");
    c.kind = req_enum(j, p, "kind", ChartKind::unknown);
    c.title = req_string(j, p, "title");
    c.table = req_id(j, p, "table");
    c.series_in = req_enum(j, p, "series_in", SeriesIn::rows);
    c.series = strings(j, p, "series", true);
    if (since(3, j, p, "categories")) c.categories = strings(j, p, "categories", false);
    c.alt = req_string(j, p, "alt");
    c.review = review(j, p);
    return c;
}

Goal Reader::goal(const Json& j, const std::string& p) {
    Goal g;
    if (!expect_object(j, p)) return g;
    check_keys(j, p, {"id", "status"});
    g.id = opt_id(j, p, "id", false);
    g.status = req_enum(j, p, "status", GoalStatus::unknown);
    return g;
}

Assignments Reader::assignments(const Json& j, const std::string& p) {
    Assignments a;
    check_keys(j, p, {"type", "source", "items"});
    a.source = req_enum(j, p, "source", AssignmentSource::unknown);
    if (const Json* v = member(j, p, "items", true)) a.items = array_of<Assignment>(*v, p + "/items", &Reader::assignment);
    return a;
}

Assignment Reader::assignment(const Json& j, const std::string& p) {
    Assignment a;
    if (!expect_object(j, p)) return a;
    check_keys(j, p, {"id", "text", "clarification", "note", "comment", "review"});
    a.id = opt_id(j, p, "id", false);
    a.text = req_string(j, p, "text");
    a.clarification = opt_string(j, p, "clarification");
    a.note = opt_string(j, p, "note");
    a.comment = strings(j, p, "comment", true);
    a.review = review(j, p);
    return a;
}

KeyFigures Reader::key_figures(const Json& j, const std::string& p) {
    KeyFigures k;
    check_keys(j, p, {"type", "groups", "sources"});
    if (const Json* v = member(j, p, "groups", true)) k.groups = array_of<KeyFigureGroup>(*v, p + "/groups", &Reader::kf_group);
    k.sources = sources(j, p);
    for (std::size_t i = 0; i < k.sources.size(); ++i)
        if (k.sources[i].column)
            diags_.error("json.value", pointer_join(p + "/sources", i) + "/column",
                         "key figures have no columns: leave \"column\" out of their source");
    return k;
}

KeyFigureGroup Reader::kf_group(const Json& j, const std::string& p) {
    KeyFigureGroup g;
    if (!expect_object(j, p)) return g;
    check_keys(j, p, {"goal", "items"});
    g.goal = req_string(j, p, "goal");
    if (const Json* v = member(j, p, "items", true)) g.items = array_of<KeyFigure>(*v, p + "/items", &Reader::key_figure);
    return g;
}

KeyFigure Reader::key_figure(const Json& j, const std::string& p) {
    KeyFigure k;
    if (!expect_object(j, p)) return k;
    check_keys(j, p,
               {"id", "name", "unit", "decimals", "year", "value", "kolada", "higher_is_better", "comment", "todo", "review"});
    k.id = req_id(j, p, "id", true);
    k.name = req_string(j, p, "name");
    if (member(j, p, "unit", true)) k.unit = opt_unit(j, p, "unit").value_or(Unit::unknown);
    k.display = display(j, p);
    k.year = req_string(j, p, "year");
    k.value = opt_amount(j, p, "value");
    k.kolada = opt_string(j, p, "kolada");
    k.higher_is_better = opt_bool(j, p, "higher_is_better");
    k.comment = req_string(j, p, "comment");
    k.todo = opt_bool(j, p, "todo").value_or(false);
    k.review = review(j, p);
    if (k.todo && k.value)
        diags_.error("figure.definition", p, fmt::format("key figure '{}' has a value and is marked to fill in", k.id));
    return k;
}

Table Reader::table(const Json& j, const std::string& p) {
    Table t;
    check_keys(j, p, {"type", "id", "caption", "unit", "rounded", "columns", "rows", "note", "sources"});
    t.id = req_id(j, p, "id");
    t.caption = opt_string(j, p, "caption");
    t.unit = opt_unit(j, p, "unit");
    t.rounded = opt_bool(j, p, "rounded").value_or(false);
    t.note = opt_string(j, p, "note");
    t.sources = sources(j, p);
    if (const Json* v = member(j, p, "columns", true)) t.columns = array_of<Column>(*v, p + "/columns", &Reader::column);
    if (const Json* v = member(j, p, "rows", true)) {
        if (!v->is_array()) {
            diags_.error("json.type", p + "/rows", fmt::format("expected an array, found {}", type_name(*v)));
        } else {
            // Exactly as many rows as given (10 000 rows: a vector grown
            // by doubling held 1.4 MB more).
            t.rows.reserve(v->size());
            for (std::size_t i = 0; i < v->size(); ++i) t.rows.push_back(row((*v)[i], pointer_join(p + "/rows", i), t));
        }
    }
    for (std::size_t i = 0; i < t.sources.size(); ++i) {
        const auto& col = t.sources[i].column;
        std::string sp = pointer_join(p + "/sources", i);
        if (!col)
            diags_.error("json.missing", sp, "a table's source names the column it filled: add \"column\"");
        else if (std::none_of(t.columns.begin(), t.columns.end(), [&](const Column& c) { return c.id == *col; }))
            diags_.error("table.source", sp + "/column", fmt::format("table '{}' has no column '{}'", t.id, *col));
    }
    return t;
}

Column Reader::column(const Json& j, const std::string& p) {
    Column c;
    if (!expect_object(j, p)) return c;
    check_keys(j, p, {"id", "title", "kind", "unit", "decimals", "calc", "role", "kolada"});
    c.id = req_id(j, p, "id");
    c.title = req_string(j, p, "title");
    c.kind = opt_enum<ColumnKind>(j, p, "kind").value_or(ColumnKind::amount);
    c.unit = opt_unit(j, p, "unit");
    c.display = display(j, p);
    c.calc = opt_string(j, p, "calc");
    if (const Json* r = member(j, p, "role", false)) c.role = role(*r, p + "/role");
    if (const Json* k = since(2, j, p, "kolada")) c.kolada = kolada_selector(*k, p + "/kolada");
    return c;
}

// {"municipality": "0000", "gender": "K"}: which Kolada value a column holds.
KoladaSelector Reader::kolada_selector(const Json& j, const std::string& p) {
    KoladaSelector k;
    if (!expect_object(j, p)) return k;
    check_keys(j, p, {"municipality", "gender"});
    k.municipality = opt_string(j, p, "municipality");
    k.gender = opt_string(j, p, "gender");
    if (k.municipality && !kolada_municipality_id(*k.municipality))
        diags_.error("json.value", p + "/municipality",
                     fmt::format("'{}' is not a Kolada municipality id: write four digits (\"0000\" is riket) or "
                                 "a group id such as \"G33827\"",
                                 *k.municipality));
    if (k.gender && *k.gender != "T" && *k.gender != "K" && *k.gender != "M")
        diags_.error("json.value", p + "/gender",
                     fmt::format("'{}' is not a Kolada gender: write \"T\" (total), \"K\" (kvinnor) or \"M\" (män)",
                                 *k.gender));
    return k;
}

bool Reader::kolada_municipality_id(const std::string& s) {
    auto digits = [](std::string_view v) {
        return !v.empty() && v.find_first_not_of("0123456789") == std::string_view::npos;
    };
    return (s.size() == 4 && digits(s)) || (s.size() > 1 && s[0] == 'G' && digits(std::string_view(s).substr(1)));
}

ColumnRole Reader::role(const Json& j, const std::string& p) {
    ColumnRole r;
    if (!expect_object(j, p)) return r;
    check_keys(j, p, {"type", "year", "until"});
    r.type = req_enum(j, p, "type", ColumnRoleType::unknown);
    if (const Json* v = member(j, p, "year", false)) r.year = integer(*v, p + "/year", 1900, 2999);
    if (const Json* v = member(j, p, "until", false)) r.until = date(*v, p + "/until");
    return r;
}

TableRow Reader::row(const Json& j, const std::string& p, const Table& t) {
    TableRow r;
    if (!expect_object(j, p)) return r;
    check_keys(j, p, {"id", "label", "kind", "calc", "month", "kolada", "unit", "cells", "review"});
    r.id = req_id(j, p, "id");
    r.label = req_string(j, p, "label");
    r.kind = opt_enum<RowKind>(j, p, "kind").value_or(RowKind::normal);
    r.calc = opt_string(j, p, "calc");
    if (auto m = opt_string(j, p, "month")) {
        r.month = YearMonth::parse(*m);
        if (!r.month) diags_.error("date.invalid", p + "/month", fmt::format("'{}' is not a month: write YYYY-MM", *m));
    }
    if (since(2, j, p, "kolada")) r.kolada = opt_string(j, p, "kolada");
    if (since(3, j, p, "unit")) r.unit = opt_unit(j, p, "unit");
    if (const Json* cells = member(j, p, "cells", false)) {
        if (!expect_object(*cells, p + "/cells")) return r;
        r.cells.reserve(cells->size());
        for (const auto& [col_id, value] : cells->items()) {
            auto col = std::find_if(t.columns.begin(), t.columns.end(),
                                    [&, &id = col_id](const Column& c) { return c.id == id; });
            ColumnKind kind = col == t.columns.end() ? ColumnKind::amount : col->kind;
            r.cells.emplace_back(col_id, cell(value, pointer_join(p + "/cells", col_id), kind));
        }
    }
    if (const Json* reviews = since(1, j, p, "review")) {
        if (!expect_object(*reviews, p + "/review")) return r;
        for (const auto& [col_id, value] : reviews->items()) {
            std::string rp = pointer_join(p + "/review", col_id);
            auto col = std::find_if(t.columns.begin(), t.columns.end(),
                                    [&, &id = col_id](const Column& c) { return c.id == id; });
            if (col == t.columns.end()) {
                std::vector<std::string> ids;
                for (const auto& c : t.columns) ids.push_back(c.id);
                diags_.error("table.unknown_column", rp,
                             fmt::format("table '{}' has no column '{}' to review{}", t.id, col_id, did_you_mean(col_id, ids)));
            }
            r.review.emplace_back(col_id, review_object(value, rp));
        }
    }
    return r;
}

Cell Reader::cell(const Json& j, const std::string& p, ColumnKind kind) {
    if (j.is_null()) return std::monostate{};
    if (kind == ColumnKind::text || kind == ColumnKind::label) {
        if (auto s = string(j, p)) return *s;
        return std::monostate{};
    }
    if (j.is_object()) {
        check_keys(j, p, {"calc", "todo", "value", "waiver", "accepts"});
        if (auto c = opt_string(j, p, "calc")) return CellCalc{*c};
        if (opt_bool(j, p, "todo").value_or(false)) return CellTodo{};
        if (j.contains("value") || j.contains("waiver") || j.contains("accepts")) {
            auto reason = opt_string(j, p, "waiver");
            std::optional<Decimal> accepts;
            if (since(3, j, p, "accepts")) accepts = opt_amount(j, p, "accepts");
            auto value = j.contains("value") ? amount(j["value"], p + "/value") : std::nullopt;
            if (!reason || reason->empty() || !j.contains("value")) {
                diags_.error("json.value", p, "a waived cell needs both \"value\" and a \"waiver\" saying why it is kept as printed");
                return std::monostate{};
            }
            if (value) return CellWaived{*value, *reason, accepts};
            return std::monostate{};
        }
        diags_.error("json.value", p, "a cell object needs \"calc\", \"todo\": true, or \"value\" with a \"waiver\"");
        return std::monostate{};
    }
    if (auto d = amount(j, p)) return *d;
    return std::monostate{};
}

}  // namespace tertial::json::detail

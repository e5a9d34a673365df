// GET /api/state: the report, its figures, cells, texts, outline, diagnostics and to-dos.
#include "state.hpp"

#include <fmt/format.h>

#include "tertial/editor/session.hpp"
#include "tertial/resolve.hpp"
#include "tertial/review.hpp"
#include "tertial/todo.hpp"
#include "tertial/walk.hpp"

namespace tertial::editor {
namespace {
using ojson = nlohmann::ordered_json;

// A pointer is inside a part when it is the part or below it.
bool within(const std::string& pointer, const std::string& part) {
    return pointer.starts_with(part) && (pointer.size() == part.size() || pointer[part.size()] == '/');
}

std::string printed(const ResolvedFigure& f) {
    return f.value ? format_amount(*f.value, f.unit, f.display) : "";
}

// The calculation a table cell's figure comes from: its own, its column's, its row's.
std::optional<std::string> cell_calc(const TableRow& row, const Column& col) {
    if (const Cell* c = row.cell(col.id))
        if (const auto* cc = std::get_if<CellCalc>(c)) return cc->calc;
    if (col.calc) return col.calc;
    if (row.calc) return *row.calc;
    return std::nullopt;
}

struct Views {
    ojson figures = ojson::array();
    ojson cells = ojson::object();
};

Views figures_and_cells(const Report& report, const Resolution* res) {
    Views v;
    if (!res) return v;
    std::map<std::string, std::string> calc_of;  // figure id -> calculation
    for (const auto& f : report.figures)
        if (f.calc) calc_of[f.id] = *f.calc;
    for_each_block(report, [&](const Block& b, const std::string& p) {
        const auto* t = std::get_if<Table>(&b.content);
        if (!t) return;
        for (std::size_t r = 0; r < t->rows.size(); ++r) {
            const TableRow& row = t->rows[r];
            if (row.kind == RowKind::heading) continue;
            for (const auto& col : t->columns) {
                if (col.kind != ColumnKind::amount) continue;
                std::string id = fmt::format("{}.{}.{}", t->id, row.id, col.id);
                auto calc = cell_calc(row, col);
                if (calc) calc_of[id] = *calc;
                const ResolvedFigure* f = res->find(id);
                if (!f) continue;
                ojson cell{{"printed", f->text()}, {"computed", f->source == FigureSource::computed}};
                if (calc) cell["calc"] = *calc;
                cell["figure"] = id;
                v.cells[pointer_join(pointer_join(pointer_join(pointer_join(p, "rows"), r), "cells"), col.id)] = cell;
            }
        }
    });
    for (const auto& f : res->figures) {
        ojson j{{"id", f.id}, {"label", f.label}, {"printed", printed(f)},
                {"value", f.value ? f.value->to_string() : ""}, {"unit", std::string(unit_name(f.unit))},
                {"kind", std::string(to_string(f.source))}};
        if (auto c = calc_of.find(f.id); c != calc_of.end()) j["calc"] = c->second;
        j["pointer"] = f.pointer;
        v.figures.push_back(std::move(j));
    }
    return v;
}

struct Counts {
    int todos = 0, reviews = 0, errors = 0, warnings = 0;
};

class Outline {
public:
    Outline(const Report& report, const std::vector<TodoItem>& todo, const std::vector<const Diagnostic*>& diags)
        : report_(report), todo_(todo), diags_(diags) {
        for (const auto& [p, n] : section_numbers(report)) numbers_[p] = n;
    }

    ojson build() {
        ojson out = ojson::array();
        out.push_back(node("Uppgifter om rapporten", "", "/meta"));
        if (report_.cover_letter) {
            out.push_back(node("Sammanfattning", "", "/cover_letter/summary"));
            out.push_back(node("Förslag till beslut", "", "/cover_letter/proposals"));
            out.push_back(node("Bakgrund", "", "/cover_letter/background"));
            out.push_back(node("Underskrifter", "", "/cover_letter/signatures"));
        }
        sections(report_.body, "/body", out);
        return out;
    }

private:
    ojson node(const std::string& title, const std::string& number, const std::string& pointer) {
        Counts c;
        for (const auto& t : todo_) {
            bool in = within(t.pointer, pointer) ||
                      (pointer == "/cover_letter/proposals" && t.pointer == "/cover_letter/proposals_review");
            if (!in) continue;
            (t.kind == TodoKind::review ? c.reviews : c.todos)++;
        }
        for (const auto* d : diags_) {
            if (!within(d->pointer, pointer) || d->code == "todo") continue;
            (d->severity == Severity::error ? c.errors : c.warnings)++;
        }
        return ojson{{"title", title}, {"number", number}, {"pointer", pointer}, {"todos", c.todos},
                     {"reviews", c.reviews}, {"errors", c.errors}, {"warnings", c.warnings},
                     {"children", ojson::array()}};
    }

    void sections(const Blocks& blocks, const std::string& pointer, ojson& out) {
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const auto* s = std::get_if<Section>(&blocks[i].content);
            if (!s) continue;
            std::string p = pointer_join(pointer, i);
            auto n = numbers_.find(p);
            ojson entry = node(s->title, n == numbers_.end() ? "" : n->second, p);
            sections(s->body, pointer_join(p, "body"), entry["children"]);
            out.push_back(std::move(entry));
        }
    }

    const Report& report_;
    const std::vector<TodoItem>& todo_;
    const std::vector<const Diagnostic*>& diags_;
    std::map<std::string, std::string> numbers_;
};

// Each item as the page lists it; a review mark with last year's text, this
// year's, and the edit that accepts it (core's review_marks decides all three).
ojson todo_json(const std::vector<TodoItem>& items, const Report& report) {
    std::map<std::string, ReviewMark> marks;
    for (auto& m : review_marks(report)) marks.emplace(m.pointer, std::move(m));
    ojson out = ojson::array();
    for (const auto& t : items) {
        std::string kind = t.kind == TodoKind::review ? "review" : t.pointer.starts_with("/meta/") ? "meta" : "todo";
        ojson j{{"pointer", t.pointer}, {"kind", kind}, {"section", t.group}, {"what", t.message}};
        if (auto m = marks.find(t.pointer); m != marks.end()) {
            const ReviewMark& mark = m->second;
            if (mark.note) j["note"] = *mark.note;
            j["previous"] = mark.previous;
            if (!mark.figure) {
                std::string now;
                for (const auto& c : mark.current) now += (now.empty() ? "" : "\n") + c;
                j["current"] = now;
            }
            j["accept"] = ojson::array({ojson{{"op", "remove"}, {"path", mark.removal}}});
        }
        out.push_back(std::move(j));
    }
    return out;
}

// UTF-16 code units in the first `bytes` bytes of a UTF-8 text (what
// JavaScript's string offsets count).
std::size_t utf16_offset(const std::string& text, std::size_t bytes) {
    std::size_t units = 0;
    for (std::size_t i = 0; i < bytes && i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
    }
    return units;
}

// The reference that prints what was typed: the sign kept as typed, the
// typed decimals kept.
std::string reference_for(const TypedAmount& a, const ResolvedFigure& f) {
    std::string filters;
    if (f.value->is_negative() && !a.shown.starts_with("-")) filters += "|abs";
    if (f.display.decimals.value_or(f.value->scale()) != a.value.scale()) filters += fmt::format("|decimals={}", a.value.scale());
    return fmt::format("{{{{{}{}}}}}", f.id, filters);
}

// Where in its text each typed amount is, and the one-click fix when one
// figure has its value: the amount replaced by a reference to it.
void locate_typed_amounts(ojson& diagnostics, const ojson& doc, const Resolution* res) {
    if (!res) return;
    std::map<std::string, std::vector<TypedAmount>> found;  // per text, in order
    std::map<std::string, std::size_t> next;
    for (auto& d : diagnostics) {
        if (d["code"] != "text.typed_amount") continue;
        std::string pointer = d["pointer"];
        const ojson* text = nullptr;
        try {
            text = &doc.at(ojson::json_pointer(pointer));
        } catch (const nlohmann::json::exception&) {
        }
        if (!text || !text->is_string()) continue;
        const std::string& s = text->get_ref<const std::string&>();
        if (!found.count(pointer)) found[pointer] = find_typed_amounts(s, *res);
        std::size_t n = next[pointer]++;
        if (n >= found[pointer].size()) continue;
        const TypedAmount& a = found[pointer][n];
        d["from"] = utf16_offset(s, a.from);
        d["to"] = utf16_offset(s, a.to);
        if (a.figures.size() != 1) continue;
        std::string ref = reference_for(a, *a.figures.front());
        std::string fixed = s.substr(0, a.from) + ref + s.substr(a.to);
        d["fix"] = ojson{{"label", "Bind till " + ref},
                         {"ops", ojson::array({ojson{{"op", "replace"}, {"path", pointer}, {"value", fixed}}})}};
    }
}

}  // namespace

ojson diagnostics_json(const std::vector<Diagnostic>& items) {
    ojson out = ojson::array();
    for (const auto& d : items) {
        ojson j{{"severity", std::string(to_string(d.severity))}, {"code", d.code}, {"pointer", d.pointer},
                {"message", d.message}};
        if (d.line) {
            j["line"] = d.line;
            j["column"] = d.column;
        }
        out.push_back(std::move(j));
    }
    return out;
}

ojson build_state(Session& session) {
    const Checked& c = session.current();
    const Report& report = *c.read.report;
    const ojson& doc = c.doc();
    const Preview& preview = session.preview();
    auto views = figures_and_cells(report, c.resolution ? &*c.resolution : nullptr);
    auto todo = todo_list(report);
    auto diags = c.all();

    ojson s;
    s["revision"] = session.revision();
    s["file"] = session.file().filename().string();
    s["disk_changed"] = session.disk_changed();
    s["figures"] = std::move(views.figures);
    s["cells"] = std::move(views.cells);
    ojson texts = ojson::object();
    if (c.resolution)
        for (const auto& [p, t] : c.resolution->texts) texts[p] = t;
    s["texts"] = std::move(texts);
    s["outline"] = Outline(report, todo, diags).build();
    std::vector<Diagnostic> list;
    for (const auto* d : diags) list.push_back(*d);
    s["diagnostics"] = diagnostics_json(list);
    locate_typed_amounts(s["diagnostics"], doc, c.resolution ? &*c.resolution : nullptr);
    s["todo"] = todo_json(todo, report);
    ojson pages = ojson::array();
    for (const auto& [p, n] : preview.pages) pages.push_back(ojson::array({p, n}));
    s["pages"] = std::move(pages);
    s["preview_error"] = preview.error.empty() ? ojson() : ojson(preview.error);
    s["can_undo"] = session.can_undo();
    s["can_redo"] = session.can_redo();
    // "report" is added when the reply is sent: the file's text as it is (Reply::report).
    return s;
}

std::vector<std::pair<std::string, int>> page_map(const pdf::Document& document) {
    std::vector<std::pair<std::string, int>> out;
    out.reserve(document.anchors.size());
    for (const auto& [pointer, index] : document.anchors) out.emplace_back(pointer, static_cast<int>(index) + 1);
    return out;
}

}  // namespace tertial::editor

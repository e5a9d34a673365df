// The report from a Word document: meta, the tjänsteskrivelse, sections from headings, paragraphs, lists, tables.
#include <algorithm>
#include <cctype>
#include <regex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "parts.hpp"
#include "tertial/date.hpp"

namespace tertial::docx {
namespace {

std::string trim(std::string s) {
    auto is_space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n'; };
    while (!s.empty() && is_space(static_cast<unsigned char>(s.back()))) s.pop_back();
    while (s.ends_with("\xC2\xA0")) s.resize(s.size() - 2);
    std::size_t i = 0;
    while (i < s.size() && is_space(static_cast<unsigned char>(s[i]))) ++i;
    s.erase(0, i);
    while (s.starts_with("\xC2\xA0")) s.erase(0, 2);
    return s;
}

// The parts of a tjänsteskrivelse, by the words of their headings.
enum class Part { none, summary, proposals, basis, send_to, background, signatures };

Part part_named(const std::string& text) {
    std::string f = fold(trim(text));
    while (!f.empty() && (f.back() == ':' || f.back() == '.')) f.pop_back();
    if (f.size() > 60) return Part::none;
    if (f == "sammanfattning av ärendet" || f == "sammanfattning") return Part::summary;
    if (f.find("förslag till beslut") != std::string::npos) return Part::proposals;
    if (f == "underlag för beslut" || f == "beslutsunderlag") return Part::basis;
    if (f == "beslutet skickas till" || f == "beslut skickas till" || f == "sändlista") return Part::send_to;
    if (f == "bakgrund" || f == "ärendet" || f == "beskrivning av ärendet") return Part::background;
    if (f == "underskrifter" || f == "underskrift") return Part::signatures;
    return Part::none;
}

// "3.1.2 Title" -> ("3.1.2", "Title").
std::pair<std::string, std::string> split_number(const std::string& text) {
    static const std::regex number(R"(^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(\S.*)$)");
    std::smatch m;
    if (std::regex_match(text, m, number)) return {m[1].str(), m[2].str()};
    return {"", text};
}

std::optional<int> year_in(const std::string& text) {
    static const std::regex year(R"((?:^|\D)((?:19|20)\d{2})(?:\D|$))");
    std::smatch m;
    if (std::regex_search(text, m, year)) return std::stoi(m[1].str());
    return std::nullopt;
}

Date month_end(int year, int month) { return Date{year, month, days_in_month(year, month)}; }

// A flat stream of what the document says, with the table captions set aside.
struct Item {
    const DocParagraph* p = nullptr;
    const DocTable* table = nullptr;
    std::string text;
};

class Importer {
public:
    Importer(const Document& doc, const ImportRequest& req) : doc_(doc), req_(req) {
        for (const auto& b : doc.blocks) {
            if (const auto* p = std::get_if<DocParagraph>(&b.content)) {
                std::string t = trim(p->text());
                if (!t.empty()) items_.push_back({p, nullptr, t});
            } else {
                items_.push_back({nullptr, &std::get<DocTable>(b.content), ""});
            }
        }
    }

    ImportResult run() {
        ImportResult out;
        Report& r = out.report;
        r.meta.status = ReportStatus::utkast;
        std::size_t body_start = cover_letter(r);
        meta(r, body_start);
        for (auto d = deferred_.rbegin(); d != deferred_.rend(); ++d) {
            Blocks one;
            add_table(one, *d->item, "");
            Blocks& into = d->part == Part::summary ? r.cover_letter->summary : r.cover_letter->background;
            into.insert(into.begin() + static_cast<long>(d->at), std::move(one.front()));
        }
        body(r, body_start);
        for (const auto& w : warnings_) notes_.warnings.push_back(w);
        if (doc_.pictures) notes_.warnings.push_back(fmt::format("{} picture{} or chart{} not imported (a chart's figures are in a table only if the document has one)", doc_.pictures, doc_.pictures == 1 ? "" : "s", doc_.pictures == 1 ? "" : "s"));
        bind_figures(r, notes_);
        out.notes = std::move(notes_);
        return out;
    }

private:
    // ---- the tjänsteskrivelse ----------------------------------------------------

    // Reads it when the document starts with one; returns where the report's body starts.
    std::size_t cover_letter(Report& r) {
        std::size_t first_part = items_.size();
        for (std::size_t i = 0; i < items_.size(); ++i) {
            if (!items_[i].p) break;
            if (items_[i].p->heading == 1 && part_named(items_[i].text) == Part::none) break;
            if (part_named(items_[i].text) != Part::none) {
                first_part = i;
                break;
            }
        }
        if (first_part == items_.size()) return 0;
        CoverLetter cl;
        // The title: a paragraph in Title style, or the last one before the first part.
        for (std::size_t i = 0; i < first_part; ++i) {
            if (items_[i].p->style == "title" || items_[i].p->heading) cl.title = items_[i].text;
            head_.push_back(items_[i].text);
        }
        if (cl.title.empty() && first_part > 0) cl.title = items_[first_part - 1].text;
        title_ = cl.title;
        Part part = Part::none;
        Blocks* blocks = nullptr;
        std::vector<std::string> signature_lines;
        std::size_t i = first_part;
        for (; i < items_.size(); ++i) {
            const Item& it = items_[i];
            if (it.p && part_named(it.text) != Part::none && (it.p->heading || it.p->all_bold() || it.text.size() < 40)) {
                part = part_named(it.text);
                blocks = part == Part::summary ? &cl.summary : part == Part::background ? &cl.background : nullptr;
                continue;
            }
            // The report begins: a heading that is no part, or a second title.
            if (it.p && ((it.p->heading == 1) || (it.p->style == "title" && i > first_part))) break;
            if (it.table) {
                if (blocks) deferred_.push_back({part, blocks->size(), &it});  // once the period is known
                else warnings_.push_back(fmt::format("table {} in the tjänsteskrivelse outside sammanfattning and bakgrund: not imported", it.table->index));
                continue;
            }
            std::string text = it.text;
            switch (part) {
                case Part::summary:
                case Part::background: add_paragraph(*blocks, it); break;
                case Part::proposals: cl.proposals.push_back(strip_list_number(text)); break;
                case Part::basis: cl.basis.push_back(text); break;
                case Part::send_to: cl.send_to.push_back(text); break;
                case Part::signatures: signature_lines.push_back(text); break;
                case Part::none: break;
            }
        }
        flush_list();
        // Underskrifter: a name, then a title, for each who signs.
        std::set<std::string> ids;
        for (std::size_t k = 0; k + 1 < signature_lines.size(); k += 2) {
            Signatory s;
            s.name = signature_lines[k];
            s.title = signature_lines[k + 1];
            s.id = unique_id(slug(s.title, "signatory"), ids);
            cl.signatures.push_back(s.id);
            r.meta.signatories.push_back(s);
        }
        if (signature_lines.size() % 2)
            warnings_.push_back(fmt::format("Underskrifter: '{}' has no title after it: not imported", signature_lines.back()));
        notes_.meta.push_back(fmt::format("tjänsteskrivelse: {} paragraphs of sammanfattning, {} förslag till beslut, {} "
                                          "underlag, {} to send the decision to, {} blocks of bakgrund, {} signatories",
                                          cl.summary.size(), cl.proposals.size(), cl.basis.size(), cl.send_to.size(),
                                          cl.background.size(), r.meta.signatories.size()));
        r.cover_letter = std::move(cl);
        return i;
    }

    static std::string strip_list_number(const std::string& text) {
        static const std::regex numbered(R"(^\d{1,2}[.)]\s+(\S.*)$)");
        std::smatch m;
        return std::regex_match(text, m, numbered) ? m[1].str() : text;
    }

    // ---- meta ---------------------------------------------------------------------

    void meta(Report& r, std::size_t body_start) {
        Meta& m = r.meta;
        // Where meta may be written: the page headers, the head of the tjänsteskrivelse, the body's first paragraphs.
        std::vector<std::string> places = doc_.header_lines;
        for (const auto& h : head_) places.push_back(h);
        for (std::size_t i = body_start; i < items_.size() && i < body_start + 6; ++i)
            if (items_[i].p && !items_[i].p->heading) places.push_back(items_[i].text);
            else if (items_[i].p && items_[i].p->heading) break;
        if (title_.empty() || body_start > 0) {
            for (std::size_t i = body_start; i < items_.size(); ++i) {
                if (!items_[i].p) break;
                if (items_[i].p->style == "title") {
                    if (title_.empty()) title_ = items_[i].text;
                    break;
                }
                if (items_[i].p->heading) break;
            }
        }
        if (title_.empty())
            for (const auto& it : items_)
                if (it.p) {
                    title_ = it.text;
                    break;
                }
        m.title = title_;
        notes_.meta.push_back(fmt::format("title: '{}'", m.title));
        // Municipality and committee from the plugins: the committee whose name the document uses.
        if (req_.municipality && req_.municipality->municipality) m.municipality = *req_.municipality->municipality;
        m.plugins.push_back(req_.municipality ? req_.municipality->id : "");
        const CommitteeDef* chosen = nullptr;
        std::string all = fold(m.title) + " " + fold(fmt::format("{}", fmt::join(places, " ")));
        for (const auto* c : req_.committees) {
            m.plugins.push_back(c->id);
            if (!req_.municipality) continue;
            for (const auto& def : req_.municipality->committees)
                if (def.plugin == c->id && (!chosen || (all.find(fold(def.committee.name)) != std::string::npos &&
                                                        all.find(fold(chosen->committee.name)) == std::string::npos)))
                    chosen = &def;
        }
        if (chosen) {
            m.committee = chosen->committee;
            if (!chosen->administration.empty()) m.administration = chosen->administration;
        }
        kind_and_period(m, places);
        // Date and diarienummer.
        static const std::regex dated(R"((?:^|\s)Datum:?\s*(\d{4}-\d{2}-\d{2}))", std::regex::icase);
        static const std::regex dnr(R"((?:^|\s)Dnr:?\s*([A-ZÅÄÖa-zåäö0-9][-A-ZÅÄÖa-zåäö0-9/.:]{2,40}))");
        std::optional<Date> date;
        std::smatch sm;
        for (const auto& p : places)
            if (!date && std::regex_search(p, sm, dated)) date = Date::parse(sm[1].str());
        for (const auto& p : places)
            if (!m.dnr && std::regex_search(p, sm, dnr)) m.dnr = sm[1].str();
        if (date) {
            m.date = *date;
            notes_.meta.push_back(fmt::format("date: {} ('Datum')", date->to_string()));
        } else {
            m.date = m.period.end;
            m.todo.push_back(MetaTodo::date);
            notes_.meta.push_back("date: not found ('Datum YYYY-MM-DD'); to fill in");
        }
        if (m.dnr) notes_.meta.push_back(fmt::format("dnr: {}", *m.dnr));
        else {
            m.todo.push_back(MetaTodo::dnr);
            notes_.meta.push_back("dnr: not found; to fill in");
        }
        if (r.cover_letter && r.cover_letter->signatures.empty()) m.todo.push_back(MetaTodo::signatures);
    }

    void kind_and_period(Meta& m, const std::vector<std::string>& places) {
        std::string t = fold(m.title);
        using K = ReportKind;
        if (t.find("verksamhetsplan") != std::string::npos) m.kind = K::verksamhetsplan;
        else if (t.find("kvalitetsrapport") != std::string::npos || t.find("kvalitetsberättelse") != std::string::npos) m.kind = K::kvalitetsrapport;
        else if (t.find("verksamhetsberättelse") != std::string::npos || t.find("årsredovisning") != std::string::npos) m.kind = K::verksamhetsberattelse;
        else if (t.find("tertial") != std::string::npos || t.find("fyramånaders") != std::string::npos) m.kind = K::tertialrapport;
        else if (t.find("delårsrapport") != std::string::npos || t.find("delårsbokslut") != std::string::npos) m.kind = K::delarsrapport;
        else {
            m.kind = K::tertialrapport;
            notes_.meta.push_back("kind: the title names none (tertial, delårsrapport, verksamhetsplan, kvalitetsrapport); "
                                  "taken as tertialrapport: change meta.kind if it is not");
        }
        std::smatch sm;
        static const std::regex tom(R"((?:t\.?\s?o\.?\s?m\.?|till och med)\s+(\d{4}-\d{2}-\d{2}))", std::regex::icase);
        static const std::regex tertial(R"(tertial\s*([123]))", std::regex::icase);
        std::string said;
        std::optional<Date> end;
        std::vector<std::string> texts{m.title};
        texts.insert(texts.end(), places.begin(), places.end());
        for (const auto& text : texts)
            if (!end && std::regex_search(text, sm, tom)) {
                end = Date::parse(sm[1].str());
                said = sm[0].str();
            }
        auto year = year_in(m.title);
        if (!end && year && std::regex_search(m.title, sm, tertial)) {
            int n = std::stoi(sm[1].str());
            end = n == 1 ? Date{*year, 4, 30} : n == 2 ? Date{*year, 8, 31} : Date{*year, 12, 31};
            said = fmt::format("Tertial {} {}", n, *year);
        }
        if (!end && year) {
            for (int k = 1; k <= 12 && !end; ++k)
                if (t.find(fmt::format("{} {}", swedish_month_name(k), *year)) != std::string::npos) {
                    end = month_end(*year, k);
                    said = fmt::format("{} {}", swedish_month_name(k), *year);
                }
            if (!end && t.find("fyramånaders") != std::string::npos) end = Date{*year, 4, 30}, said = "fyramånadersrapport";
            if (!end && m.kind == ReportKind::delarsrapport) end = Date{*year, 8, 31}, said = "delårsrapport";
            if (!end) end = Date{*year, 12, 31}, said = fmt::format("the year {}", *year);
        }
        if (!end) throw DocxError(fmt::format("{}: error: the period cannot be found: the title '{}' names no year, and the "
                                              "document no 't.o.m. YYYY-MM-DD'",
                                              req_.file, m.title));
        m.period = Period{end->year, *end};
        period_ = m.period;
        notes_.meta.push_back(fmt::format("kind: {}; period: {} to {} (from '{}')", to_string(m.kind), end->year,
                                          end->to_string(), said));
    }

    // ---- the body -------------------------------------------------------------------

    void body(Report& r, std::size_t start) {
        bool typed_numbers = false;
        bool styled = false;  // headings in heading styles: then a bold "3. …" paragraph is text, not a heading
        for (std::size_t i = start; i < items_.size(); ++i) {
            if (items_[i].p && items_[i].p->heading && !split_number(items_[i].text).first.empty()) typed_numbers = true;
            if (items_[i].p && items_[i].p->heading) styled = true;
        }
        std::vector<std::pair<int, Blocks*>> stack{{0, &r.body}};
        // Without any heading the whole document is one run of blocks; else what comes before the first is the title page.
        bool started = !styled && !typed_numbers;
        for (std::size_t i = start; i < items_.size(); ++i) {
            const Item& it = items_[i];
            if (it.p && (it.p->heading ||
                         (!styled && it.p->all_bold() && !split_number(it.text).first.empty() && it.text.size() < 120))) {
                flush_list();
                auto [number, title] = split_number(it.text);
                int level = it.p->heading ? it.p->heading : static_cast<int>(std::count(number.begin(), number.end(), '.')) + 1;
                if (!number.empty()) level = static_cast<int>(std::count(number.begin(), number.end(), '.')) + 1;
                while (stack.size() > 1 && stack.back().first >= level) stack.pop_back();
                Section s;
                s.title = title;
                s.numbered = typed_numbers ? !number.empty() : true;
                stack.back().second->push_back(Block{std::move(s)});
                auto& added = std::get<Section>(stack.back().second->back().content);
                stack.emplace_back(level, &added.body);
                started = true;
                continue;
            }
            if (!started) {
                if (it.p && it.text != title_ && it.text != r.meta.committee.name && it.text != r.meta.municipality.name)
                    warnings_.push_back(fmt::format("'{}' before the first heading: not imported", it.text.substr(0, 60)));
                if (it.table) warnings_.push_back(fmt::format("table {} before the first heading: not imported", it.table->index));
                continue;
            }
            if (it.p && it.p->style == "title" && it.text == title_) continue;
            Blocks& into = *stack.back().second;
            if (it.table) {
                if (empty(*it.table)) {
                    warnings_.push_back(fmt::format("table {} is empty: not imported", it.table->index));
                    continue;
                }
                add_table(into, it, pending_caption_);
                pending_caption_.clear();
                continue;
            }
            // A caption: in Word's caption style, or "Tabell …", right before a table.
            bool before_table = i + 1 < items_.size() && items_[i + 1].table;
            std::string f = fold(it.text);
            if (before_table && !it.p->list &&
                (it.p->style == "caption" || f.starts_with("tabell") || (it.text.size() < 100 && unit_named(it.text)))) {
                flush_list();
                pending_caption_ = it.text;
                continue;
            }
            add_paragraph(into, it);
        }
        flush_list();
        remove_empty(r.body);
    }

    static bool empty(const DocTable& t) {
        for (const auto& row : t.rows)
            for (const auto& cell : row)
                if (!cell.text().empty()) return false;
        return true;
    }

    // A section with nothing under it gets a paragraph to write, so that it is listed and not an empty heading.
    void remove_empty(Blocks& blocks) {
        for (auto& b : blocks)
            if (auto* s = std::get_if<Section>(&b.content)) {
                remove_empty(s->body);
                if (s->body.empty()) s->body.push_back(Block{Paragraph{"", std::string("Tomt avsnitt i Word-dokumentet"), std::nullopt}});
            }
    }

    void add_paragraph(Blocks& into, const Item& it) {
        if (it.p->list) {
            if (!list_ || list_into_ != &into || list_->ordered != it.p->ordered) {
                flush_list();
                list_ = List{};
                list_->ordered = it.p->ordered;
                list_into_ = &into;
            }
            if (it.p->level > 0) ++nested_;
            list_->items.push_back(it.text);
            return;
        }
        flush_list();
        into.push_back(Block{Paragraph{it.text, std::nullopt, std::nullopt}});
    }

    void flush_list() {
        if (list_ && list_into_) list_into_->push_back(Block{std::move(*list_)});
        list_.reset();
        list_into_ = nullptr;
        if (nested_) warnings_.push_back(fmt::format("{} list item{} of a nested level made part of the list above", nested_, nested_ == 1 ? "" : "s"));
        nested_ = 0;
    }

    void add_table(Blocks& into, const Item& it, const std::string& caption) {
        flush_list();
        TableContext ctx;
        ctx.year = period_year();
        ctx.period_end = period_end();
        if (!caption.empty()) ctx.caption = caption;
        ctx.id = unique_id(caption.empty() ? fmt::format("tabell_{}", it.table->index) : short_id(caption), table_ids_);
        TableImport t;
        try {
            t = import_table(*it.table, ctx);
        } catch (const DocxError& e) {
            throw DocxError(fmt::format("{}: error: {}; nothing imported", req_.file, e.what()));
        }
        if (req_.municipality)
            if (auto note = map_layout(t, *req_.municipality, table_ids_)) notes_.layouts.push_back(*note);
        recognise_totals(t);
        notes_.tables.push_back(t.summary + (t.calculations ? fmt::format("; {} printed figure{} now computed", t.calculations,
                                                                          t.calculations == 1 ? "" : "s")
                                                            : ""));
        notes_.calculations += t.calculations;
        for (auto& s : t.not_adding_up) notes_.not_adding_up.push_back(std::move(s));
        for (auto& s : t.rounding) notes_.rounding.push_back(std::move(s));
        into.push_back(Block{std::move(t.table)});
    }

    static std::string short_id(const std::string& caption) {
        std::string s = slug(caption, "tabell");
        if (s.size() > 24) {
            auto cut = s.rfind('_', 24);
            s.resize(cut != std::string::npos && cut > 6 ? cut : 24);
        }
        return s;
    }

    int period_year() const { return period_.year; }
    Date period_end() const { return period_.end; }

    Period period_;
    const Document& doc_;
    const ImportRequest& req_;
    std::vector<Item> items_;
    std::vector<std::string> head_;
    std::string title_;
    std::string pending_caption_;
    std::optional<List> list_;
    Blocks* list_into_ = nullptr;
    std::size_t nested_ = 0;
    std::set<std::string> table_ids_;
    struct Deferred {
        Part part;
        std::size_t at;
        const Item* item;
    };
    std::vector<Deferred> deferred_;
    std::vector<std::string> warnings_;
    ImportNotes notes_;
};

}  // namespace

ImportResult import_document(const Document& document, const ImportRequest& request) {
    Importer importer(document, request);
    return importer.run();
}

}  // namespace tertial::docx

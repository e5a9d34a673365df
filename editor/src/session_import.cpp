// The editor's import: a file the page sent run through the same import as `tertial import` (formats/imports),
// shown as a dry run, saved as one change when accepted.
#include <openssl/evp.h>

#include <fmt/format.h>

#include "state.hpp"
#include "tertial/editor/session.hpp"
#include "tertial/format.hpp"
#include "tertial/imports/kolada_run.hpp"
#include "tertial/imports/ledger_run.hpp"

namespace tertial::editor {
namespace {

using Json = nlohmann::ordered_json;

// A file the page read and sent: {"name", "data" (base64), "modified"? (YYYY-MM-DD, the file's date)}.
struct SentFile {
    std::string name, bytes;
    std::optional<Date> modified;
};

std::optional<std::string> from_base64(const std::string& text) {
    if (text.size() % 4 != 0) return std::nullopt;
    if (text.empty()) return std::string();
    std::string out(text.size() / 4 * 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(text.data()),
                            static_cast<int>(text.size()));
    if (n < 0) return std::nullopt;
    std::size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
    out.resize(static_cast<std::size_t>(n) - padding);
    return out;
}

std::string text_of(const nlohmann::json& request, const char* key) {
    auto it = request.find(key);
    return it != request.end() && it->is_string() ? it->get<std::string>() : "";
}

// A file of the request, or the reason (Swedish) it is not one.
std::variant<SentFile, std::string> sent_file(const nlohmann::json& j) {
    if (!j.is_object() || !j.contains("name") || !j.at("name").is_string() || !j.contains("data") || !j.at("data").is_string())
        return std::string("En fil skickas som {\"name\", \"data\" (base64)}.");
    SentFile f{j.at("name").get<std::string>(), "", std::nullopt};
    if (f.name.empty() || f.name.find_first_of(std::string("/\\\0", 3)) != std::string::npos)
        return fmt::format("Filnamnet \"{}\" går inte att använda.", f.name);
    auto bytes = from_base64(j.at("data").get<std::string>());
    if (!bytes) return fmt::format("{}: innehållet är inte base64.", f.name);
    f.bytes = std::move(*bytes);
    std::string modified = text_of(j, "modified");
    if (!modified.empty() && !(f.modified = Date::parse(modified)))
        return fmt::format("{}: ändringsdatumet \"{}\" är inget datum (ÅÅÅÅ-MM-DD).", f.name, modified);
    return f;
}

// In Swedish, for the page: "−1 012 345,67", kr to the öre.
std::string money(const Decimal& d, Unit u) {
    return format_number(d, Display{std::max(d.scale(), u == Unit::kr ? 2 : 0)}, NumberStyle::print);
}

Json ledger_view(const imports::LedgerRun& run, const std::string& file) {
    Json v{{"kind", "ledger"}, {"file", file}, {"notes", run.notes}};
    if (run.mapping) {
        const LedgerMapping& m = *run.mapping;
        v["mapping"] = {{"id", m.id}, {"description", m.description}, {"table", m.table}, {"column", m.column},
                        {"export_unit", unit_name(m.unit)}, {"negate", m.negate}};
        if (run.result) {
            v["mapping"]["table_unit"] = unit_name(run.result->table_unit);
            v["date"] = run.result->source.date.to_string();
        }
    }
    Json changes = Json::array();
    for (const auto& c : run.changes) {
        std::string after = c.after ? *c.after + (c.exact ? " (exakt " + *c.exact + ")" : "") : "(beräknas)";
        changes.push_back({{"where", c.where}, {"pointer", c.pointer},
                           {"change", imports::change_text(c.before.value_or("(tom)"), after)}});
    }
    v["changes"] = std::move(changes);
    if (run.reconciliation && run.mapping) {
        const auto& rec = *run.reconciliation;
        Unit u = run.mapping->unit;
        Json parts = Json::array();
        for (const auto& p : rec.parts)
            parts.push_back({{"kind", p.row.empty() ? "excluded" : "row"}, {"row", p.row}, {"reason", p.reason},
                             {"what", p.what}, {"amount", money(p.amount, u)}, {"lines", p.lines}});
        Json unmapped = Json::array();
        Decimal unmapped_sum;
        for (const auto& p : run.unmapped) {
            unmapped.push_back({{"codes", p.what}, {"amount", money(p.amount, u)}, {"lines", p.lines}});
            unmapped_sum = unmapped_sum + p.amount;
        }
        v["reconciliation"] = {{"unit", unit_name(u)},          {"rows", rec.rows},
                               {"total", money(rec.total, u)},      {"imported", money(rec.imported, u)},
                               {"left_out", money(rec.excluded, u)}, {"parts", std::move(parts)},
                               {"unmapped", std::move(unmapped)}, {"unmapped_total", money(unmapped_sum, u)}};
    }
    return v;
}

Json kolada_view(const imports::KoladaRun& run, const std::vector<SentFile>& files) {
    Json names = Json::array();
    for (const auto& f : files) names.push_back(f.name);
    Json v{{"kind", "kolada"}, {"files", std::move(names)}, {"warnings", run.warnings}, {"missing", run.missing}};
    if (!run.files.empty()) v["date"] = run.files.front().date.to_string();
    Json changes = Json::array();
    for (const auto& c : run.changes) {
        Json j{{"where", c.where}, {"pointer", c.pointer},
               {"change", imports::change_text(c.before.value_or("(tom)"), c.after.value_or("(tom)"))}};
        if (c.year_after)
            j["year"] = imports::change_text(c.year_before->empty() ? "(inget)" : *c.year_before, *c.year_after);
        changes.push_back(std::move(j));
    }
    v["changes"] = std::move(changes);
    const auto& r = run.result;
    v["summary"] = {{"filled", r.filled}, {"changed", r.changes.size()},
                    {"unchanged", r.filled - std::min(r.filled, r.changes.size())}, {"missing", r.missing.size()}};
    return v;
}

Reply refused(std::string error, Json view) {
    Reply r = Reply::error(422, std::move(error));
    r.body["import"] = std::move(view);
    return r;
}

}  // namespace

Reply Session::import_preview(const nlohmann::json& request) {
    if (auto stale = refuse_stale(request)) return *stale;
    pending_import_.reset();
    std::string kind = text_of(request, "kind");
    if (kind != "ledger" && kind != "kolada") return Reply::error(400, "Ange \"kind\": \"ledger\" eller \"kolada\".");
    auto list = request.find("files");
    if (list == request.end() || !list->is_array() || list->empty())
        return Reply::error(400, "Välj en fil att importera.");
    if (kind == "ledger" && list->size() != 1) return Reply::error(400, "Välj en fil från ekonomisystemet, inte flera.");
    std::vector<SentFile> files;
    for (const auto& j : *list) {
        auto f = sent_file(j);
        if (auto* why = std::get_if<std::string>(&f)) return Reply::error(400, *why);
        files.push_back(std::move(std::get<SentFile>(f)));
    }
    std::optional<Date> given;
    std::string date = text_of(request, "date");
    if (!date.empty() && !(given = Date::parse(date)))
        return Reply::error(400, fmt::format("Datumet \"{}\" är inget datum (ÅÅÅÅ-MM-DD).", date));
    for (const auto& f : files)
        if (!given && !f.modified)
            return Reply::error(400, fmt::format("{}: filens ändringsdatum är okänt; ange datum.", f.name));

    const Report& report = *current_->read.report;
    const std::string name = file_.filename().string();
    std::string written;
    Json view;
    if (kind == "ledger") {
        std::optional<SentFile> map;
        if (auto m = request.find("map"); m != request.end() && !m->is_null()) {
            auto f = sent_file(*m);
            if (auto* why = std::get_if<std::string>(&f)) return Reply::error(400, *why);
            map = std::move(std::get<SentFile>(f));
        }
        imports::LedgerRequest q{{files[0].name, files[0].bytes}, std::nullopt, text_of(request, "table"),
                                 text_of(request, "column"), std::nullopt, given ? *given : *files[0].modified,
                                 given.has_value(), name};
        if (map) q.mapping_file = imports::InputFile{map->name, map->bytes};
        if (std::string sheet = text_of(request, "sheet"); !sheet.empty()) q.sheet = sheet;
        auto run = imports::run_ledger_import(report, q, host_);
        view = ledger_view(run, files[0].name);
        if (run.stop == imports::LedgerStop::mapping || run.stop == imports::LedgerStop::ledger)
            return refused(run.error, std::move(view));
        if (run.stop == imports::LedgerStop::report_errors) {
            std::vector<Diagnostic> errors;
            for (const auto* set : {&run.back.diagnostics, &run.back_checks})
                for (const auto& d : set->items())
                    if (d.severity == Severity::error) errors.push_back(d);
            Reply r = refused("tertial import ledger: the report would have errors (below, as it would be written); nothing written",
                              std::move(view));
            r.body["diagnostics"] = diagnostics_json(errors);
            return r;
        }
        written = std::move(run.written);
    } else {
        if (current_->read.diagnostics.has_errors())
            return Reply::error(422, fmt::format("tertial import kolada: {} has errors; fix them first; nothing written", name));
        std::vector<imports::KoladaSnapshot> snapshots;
        for (const auto& f : files) snapshots.push_back({{f.name, f.bytes}, given ? *given : *f.modified});
        auto run = imports::run_kolada_import(report, current_->text, name, snapshots);
        view = kolada_view(run, files);
        if (!run.error.empty()) return refused(run.error, std::move(view));
        if (run.stopped) {
            Reply r = refused("tertial import kolada: the report would have errors (below, as it would be written); nothing written",
                              std::move(view));
            r.body["diagnostics"] = diagnostics_json(run.back.diagnostics.items());
            return r;
        }
        written = std::move(run.written);
    }
    // As for any edit: what is saved may not have an error the report has not now.
    auto next = check(std::move(written));
    auto added = added_errors(*next);
    if (!added.empty()) {
        std::vector<Diagnostic> list;
        for (const auto* d : added) list.push_back(*d);
        Reply r = refused(fmt::format("Importen ger {} fel; inget har ändrats: {}", added.size(), added.front()->message),
                          std::move(view));
        r.body["diagnostics"] = diagnostics_json(list);
        return r;
    }
    view["unchanged"] = next->text == current_->text;
    view["id"] = fmt::format("{}-{}", revision_, ++imports_);
    pending_import_ = PendingImport{view["id"].get<std::string>(), revision_, std::move(next)};
    Reply r;
    r.body["revision"] = revision_;
    r.body["import"] = std::move(view);
    return r;
}

Reply Session::import_accept(const nlohmann::json& request) {
    if (auto stale = refuse_stale(request)) return *stale;
    std::string id = text_of(request, "import");
    if (!pending_import_ || pending_import_->id != id || pending_import_->revision != revision_)
        return Reply::error(409, "Importen gäller inte längre (rapporten har ändrats eller en annan import har visats). "
                                 "Visa ändringarna igen.");
    auto next = std::move(pending_import_->next);
    pending_import_.reset();
    if (next->text == current_->text) return state();  // nothing to change: no new revision
    return commit(std::move(next));
}

}  // namespace tertial::editor

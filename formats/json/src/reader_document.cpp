// Reading the parts of a report outside its body: the version, meta,
// figures, checks, sources, review marks and the tjänsteskrivelse.
#include "reader.hpp"

#include <cstdio>

namespace tertial::json::detail {

std::optional<Report> Reader::report(const Json& j) {
    if (!expect_object(j, "")) return std::nullopt;
    Report r;
    if (!version(j, r)) return std::nullopt;
    check_keys(j, "", {"$schema", "format", "format_version", "meta", "figures", "checks", "cover_letter", "body",
                       "resolved"});
    r.schema = opt_string(j, "", "$schema");
    if (auto* m = member(j, "", "meta", true)) r.meta = meta(*m, "/meta");
    if (auto* f = member(j, "", "figures", false)) r.figures = array_of<Figure>(*f, "/figures", &Reader::figure);
    if (auto* c = member(j, "", "checks", false)) r.checks = array_of<EqualityCheck>(*c, "/checks", &Reader::check);
    if (auto* c = member(j, "", "cover_letter", false)) r.cover_letter = cover_letter(*c, "/cover_letter");
    if (auto* b = member(j, "", "body", true)) r.body = blocks(*b, "/body");
    if (diags_.has_errors()) return std::nullopt;
    return r;
}

bool Reader::version(const Json& j, Report& r) {
    auto fmt_it = j.find("format");
    if (fmt_it == j.end() || !fmt_it->is_string() || fmt_it->get<std::string>() != "tertial-report") {
        diags_.error("json.format", fmt_it == j.end() ? "" : "/format",
                     fmt::format("not a Tertial report: \"format\" must be \"tertial-report\"{}",
                                 fmt_it == j.end() ? " (the key is missing)" : ", not " + fmt_it->dump()));
        return false;
    }
    auto v = j.find("format_version");
    std::string s = v != j.end() && v->is_string() ? v->get<std::string>() : "";
    int major = 0, minor = 0;
    char dot = 0;
    if (std::sscanf(s.c_str(), "%d%c%d", &major, &dot, &minor) != 3 || dot != '.' ||
        s != fmt::format("{}.{}", major, minor)) {
        diags_.error("json.version", v == j.end() ? "" : "/format_version",
                     v == j.end() ? "missing required key 'format_version'"
                                  : fmt::format("format_version must look like \"{}.{}\", found {}", format_version_major,
                                                format_version_minor, v->dump()));
        return false;
    }
    if (major != format_version_major) {
        diags_.error("json.version", "/format_version",
                     fmt::format("this file has format version {}.{} but this build of Tertial reads version {}.x{}", major,
                                 minor, format_version_major,
                                 major > format_version_major ? ": update Tertial to read it" : ""));
        return false;
    }
    r.version_major = major;
    r.version_minor = minor;
    minor_ = minor;
    return true;
}

Meta Reader::meta(const Json& j, const std::string& p) {
    Meta m;
    if (!expect_object(j, p)) return m;
    check_keys(j, p, {"municipality", "committee", "administration", "kind", "title", "period", "date", "dnr", "status",
                      "plugins", "signatories", "todo"});
    if (const Json* v = member(j, p, "municipality", true)) m.municipality = municipality(*v, p + "/municipality");
    if (const Json* v = member(j, p, "committee", true)) m.committee = committee(*v, p + "/committee");
    m.administration = opt_string(j, p, "administration");
    m.kind = req_enum(j, p, "kind", ReportKind::unknown);
    m.title = req_string(j, p, "title");
    if (const Json* v = member(j, p, "period", true)) m.period = period(*v, p + "/period");
    if (const Json* v = member(j, p, "date", false))
        m.date = date(*v, pointer_join(p, "date")).value_or(Date{});
    m.dnr = opt_string(j, p, "dnr");
    m.status = req_enum(j, p, "status", ReportStatus::unknown);
    m.plugins = strings(j, p, "plugins", false);
    if (const Json* v = member(j, p, "signatories", false))
        m.signatories = array_of<Signatory>(*v, p + "/signatories", &Reader::signatory);
    if (const Json* v = since(1, j, p, "todo")) m.todo = array_of<MetaTodo>(*v, p + "/todo", &Reader::meta_todo);
    if (!j.contains("date")) date_to_fill_in(m, p);
    return m;
}

// A draft may leave its date to fill in (1.3): no "date", and "date" in
// "todo". Anything else still needs one.
void Reader::date_to_fill_in(const Meta& m, const std::string& p) {
    bool listed = std::find(m.todo.begin(), m.todo.end(), MetaTodo::date) != m.todo.end();
    if (!listed || m.status != ReportStatus::utkast) {
        diags_.error("json.missing_key", p,
                     m.status == ReportStatus::utkast
                         ? "missing required key 'date' (a draft may leave it to fill in: list \"date\" in \"todo\")"
                         : fmt::format("missing required key 'date' (only a draft, status \"utkast\", may leave it to "
                                       "fill in; this report is \"{}\")",
                                       to_string(m.status)));
    } else if (minor_ < 3) {
        diags_.error("json.version", pointer_join(p, "todo"),
                     fmt::format("a date still to fill in (no \"date\") is new in format version 1.3, but this file "
                                 "says \"format_version\": \"1.{}\"; write \"1.3\"",
                                 minor_));
    }
}

MetaTodo Reader::meta_todo(const Json& j, const std::string& p) {
    return enumeration<MetaTodo>(j, p).value_or(MetaTodo::unknown);
}

// A key that format version 1.`minor` added (1.1: review marks and
// meta.todo; 1.2: sources, kolada keys, figure roles): a file that says
// an older version may not use it, so an older reader never meets a key
// it does not know.
const Json* Reader::since(int minor, const Json& obj, const std::string& p, const char* key) {
    const Json* v = member(obj, p, key, false);
    if (v && minor_ < minor)
        diags_.error("json.version", pointer_join(p, key),
                     fmt::format("'{}' is new in format version 1.{}, but this file says \"format_version\": \"1.{}\"; "
                                 "write \"1.{}\"",
                                 key, minor, minor_, minor));
    return v;
}

// [{"kind": "ledger", "column": "utfall", "file": ..., "sha256": ..., "rows": 412, ...}]:
// where imported figures came from.
std::vector<Source> Reader::sources(const Json& obj, const std::string& p) {
    const Json* v = since(2, obj, p, "sources");
    if (!v) return {};
    return array_of<Source>(*v, pointer_join(p, "sources"), &Reader::source);
}

Source Reader::source(const Json& j, const std::string& p) {
    Source s;
    if (!expect_object(j, p)) return s;
    check_keys(j, p, {"kind", "column", "file", "sha256", "rows", "sum", "date", "system", "print"});
    if (member(j, p, "kind", true)) s.kind = opt_enum<SourceKind>(j, p, "kind").value_or(SourceKind::unknown);
    s.column = opt_string(j, p, "column");
    s.file = req_string(j, p, "file");
    s.sha256 = req_string(j, p, "sha256");
    if (member(j, p, "sha256", false) &&
        (s.sha256.size() != 64 || s.sha256.find_first_not_of("0123456789abcdef") != std::string::npos))
        diags_.error("json.value", p + "/sha256",
                     "a SHA-256 is 64 lowercase hexadecimal digits");
    if (const Json* r = member(j, p, "rows", true)) {
        if (r->is_number_unsigned())
            s.rows = r->get<std::size_t>();
        else
            diags_.error("json.type", p + "/rows",
                         fmt::format("expected a whole number of rows, found {}", type_name(*r)));
    }
    s.sum = opt_amount(j, p, "sum");
    s.date = req_date(j, p, "date");
    s.system = opt_string(j, p, "system");
    s.print = opt_bool(j, p, "print").value_or(false);
    return s;
}

// {"note": "...", "previous": ["...", ...]}: what rollover carried over.
std::optional<Review> Reader::review(const Json& obj, const std::string& p, const char* key) {
    const Json* v = since(1, obj, p, key);
    if (!v) return std::nullopt;
    return review_object(*v, pointer_join(p, key));
}

Review Reader::review_object(const Json& j, const std::string& p) {
    Review r;
    if (!expect_object(j, p)) return r;
    check_keys(j, p, {"note", "previous"});
    r.note = opt_string(j, p, "note");
    r.previous = strings(j, p, "previous", false);
    return r;
}

Municipality Reader::municipality(const Json& j, const std::string& p) {
    Municipality m;
    if (!expect_object(j, p)) return m;
    check_keys(j, p, {"name", "scb_code"});
    m.name = req_string(j, p, "name");
    m.scb_code = req_string(j, p, "scb_code");
    if (member(j, p, "scb_code", false) &&
        (m.scb_code.size() != 4 || m.scb_code.find_first_not_of("0123456789") != std::string::npos))
        diags_.error("meta.scb_code", p + "/scb_code",
                     fmt::format("SCB municipality code must be four digits, e.g. \"2380\", not '{}'", m.scb_code));
    return m;
}

Committee Reader::committee(const Json& j, const std::string& p) {
    Committee c;
    if (!expect_object(j, p)) return c;
    check_keys(j, p, {"name", "short_name"});
    c.name = req_string(j, p, "name");
    c.short_name = req_string(j, p, "short_name");
    return c;
}

Period Reader::period(const Json& j, const std::string& p) {
    Period per;
    if (!expect_object(j, p)) return per;
    check_keys(j, p, {"year", "end"});
    if (const Json* v = member(j, p, "year", true)) per.year = integer(*v, p + "/year", 1900, 2999).value_or(0);
    per.end = req_date(j, p, "end");
    if (per.year && per.end.year && per.end.year != per.year)
        diags_.error("meta.period", p + "/end",
                     fmt::format("the period ends {} which is not in its year {}", per.end.to_string(), per.year));
    return per;
}

Signatory Reader::signatory(const Json& j, const std::string& p) {
    Signatory s;
    if (!expect_object(j, p)) return s;
    check_keys(j, p, {"id", "name", "title"});
    s.id = req_id(j, p, "id");
    s.name = req_string(j, p, "name");
    s.title = req_string(j, p, "title");
    return s;
}

Figure Reader::figure(const Json& j, const std::string& p) {
    Figure f;
    if (!expect_object(j, p)) return f;
    check_keys(j, p, {"id", "label", "unit", "decimals", "value", "calc", "todo", "role", "waiver", "accepts"});
    f.id = req_id(j, p, "id", true);
    f.label = opt_string(j, p, "label");
    if (member(j, p, "unit", true)) f.unit = opt_unit(j, p, "unit").value_or(Unit::unknown);
    f.display = display(j, p);
    f.value = opt_amount(j, p, "value");
    f.calc = opt_string(j, p, "calc");
    f.todo = opt_bool(j, p, "todo").value_or(false);
    if (since(3, j, p, "waiver")) f.waiver = opt_string(j, p, "waiver");
    if (since(3, j, p, "accepts")) f.accepts = opt_amount(j, p, "accepts");
    int ways = (j.contains("value") ? 1 : 0) + (f.calc ? 1 : 0) + (f.todo ? 1 : 0);
    if (f.waiver || j.contains("accepts")) {
        // Waived: printed as "value" although "calc" gives another.
        if (!f.waiver || f.waiver->empty() || !j.contains("value") || !f.calc || f.todo)
            diags_.error("figure.definition", p,
                         fmt::format("a waived figure ('{}') needs \"calc\", the \"value\" printed and a \"waiver\" "
                                     "saying why it is kept as printed",
                                     f.id));
    } else if (ways != 1) {
        diags_.error("figure.definition", p,
                     fmt::format("figure '{}' needs exactly one of \"value\", \"calc\" or \"todo\": true", f.id));
    }
    if (const Json* r = since(2, j, p, "role")) {
        f.role = figure_role(*r, p + "/role");
        if (f.calc)
            diags_.error("figure.role", p + "/role",
                         fmt::format("figure '{}' is computed (\"calc\"), so rollover computes it again: a role is "
                                     "for an entered figure, or one still to fill in",
                                     f.id));
    }
    return f;
}

// {"last_year_of": "eb_utfall"}: what rollover fills the figure from.
FigureRole Reader::figure_role(const Json& j, const std::string& p) {
    FigureRole r;
    if (!expect_object(j, p)) return r;
    check_keys(j, p, {"last_year_of"});
    r.last_year_of = req_id(j, p, "last_year_of", true);
    return r;
}

EqualityCheck Reader::check(const Json& j, const std::string& p) {
    EqualityCheck c;
    if (!expect_object(j, p)) return c;
    check_keys(j, p, {"id", "left", "right", "message", "waiver", "accepts"});
    c.id = req_id(j, p, "id");
    c.left = req_id(j, p, "left", true);
    c.right = req_id(j, p, "right", true);
    c.message = opt_string(j, p, "message");
    if (since(3, j, p, "waiver")) c.waiver = opt_string(j, p, "waiver");
    if (const Json* a = since(3, j, p, "accepts")) {
        std::string ap = pointer_join(p, "accepts");
        if (expect_object(*a, ap)) {
            check_keys(*a, ap, {"left", "right"});
            c.accepts_left = opt_amount(*a, ap, "left");
            c.accepts_right = opt_amount(*a, ap, "right");
        }
    }
    if ((c.waiver && c.waiver->empty()) || (j.contains("accepts") && !c.waiver))
        diags_.error("check.waiver", p,
                     fmt::format("check '{}': a waiver needs a \"waiver\" saying why the check does not hold", c.id));
    return c;
}

CoverLetter Reader::cover_letter(const Json& j, const std::string& p) {
    CoverLetter c;
    if (!expect_object(j, p)) return c;
    check_keys(j, p, {"title", "summary", "proposals", "proposals_review", "basis", "send_to", "background", "signatures"});
    c.title = req_string(j, p, "title");
    if (const Json* v = member(j, p, "summary", true)) c.summary = blocks(*v, p + "/summary");
    c.proposals = strings(j, p, "proposals", true);
    c.proposals_review = review(j, p, "proposals_review");
    c.basis = strings(j, p, "basis", false);
    c.send_to = strings(j, p, "send_to", false);
    if (const Json* v = member(j, p, "background", false)) c.background = blocks(*v, p + "/background");
    c.signatures = strings(j, p, "signatures", false);
    return c;
}

}  // namespace tertial::json::detail

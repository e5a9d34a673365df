// to_wire() and parsed_pdf_from_wire(): a ParsedPdf carried out of the
// child process that parsed an untrusted PDF. CBOR through nlohmann/json,
// with every string as a byte string: names and texts read from a PDF need
// not be UTF-8, and the CMS and the embedded report are bytes.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>

#include "tertial/pdf/sign.hpp"

namespace tertial::pdf {
namespace {

using Json = nlohmann::json;

Json bytes(const std::string& s) { return Json::binary(std::vector<std::uint8_t>(s.begin(), s.end())); }

Json bytes_list(const std::vector<std::string>& list) {
    Json out = Json::array();
    for (const auto& s : list) out.push_back(bytes(s));
    return out;
}

Json optional_bytes(const std::optional<std::string>& s) { return s ? bytes(*s) : Json(nullptr); }

std::string text(const Json& j) {
    const auto& b = j.get_binary();
    return std::string(b.begin(), b.end());
}

std::vector<std::string> text_list(const Json& j) {
    std::vector<std::string> out;
    for (const auto& e : j) out.push_back(text(e));
    return out;
}

std::optional<std::string> optional_text(const Json& j) {
    if (j.is_null()) return std::nullopt;
    return text(j);
}

Json signature(const ParsedSignature& s) {
    return Json{{"field", bytes(s.field)},
                {"filter", bytes(s.filter)},
                {"sub_filter", bytes(s.sub_filter)},
                {"byte_range", s.byte_range},
                {"contents", bytes(s.contents)},
                {"time", bytes(s.time)},
                {"time_source", bytes(s.time_source)},
                {"name", bytes(s.name)},
                {"reason", bytes(s.reason)},
                {"location", bytes(s.location)},
                {"docmdp", s.docmdp ? Json(*s.docmdp) : Json(nullptr)},
                {"lock_action", bytes(s.lock_action)},
                {"lock_fields", bytes_list(s.lock_fields)},
                {"revision_end", s.revision_end},
                {"covers_revision", s.covers_revision},
                {"coverage_problem", bytes(s.coverage_problem)},
                {"report_json", optional_bytes(s.report_json)},
                {"later", static_cast<int>(s.later)},
                {"later_signatures", bytes_list(s.later_signatures)},
                {"changes", bytes_list(s.changes)},
                {"source_check", bytes(s.source_check)},

                {"later_validation_data", s.later_validation_data}};
}

ParsedSignature signature_from(const Json& j) {
    ParsedSignature s;
    s.field = text(j.at("field"));
    s.filter = text(j.at("filter"));
    s.sub_filter = text(j.at("sub_filter"));
    s.byte_range = j.at("byte_range").get<std::vector<std::int64_t>>();
    s.contents = text(j.at("contents"));
    s.time = text(j.at("time"));
    s.time_source = text(j.at("time_source"));
    s.name = text(j.at("name"));
    s.reason = text(j.at("reason"));
    s.location = text(j.at("location"));
    if (!j.at("docmdp").is_null()) s.docmdp = j.at("docmdp").get<int>();
    s.lock_action = text(j.at("lock_action"));
    s.lock_fields = text_list(j.at("lock_fields"));
    s.revision_end = j.at("revision_end").get<std::size_t>();
    s.covers_revision = j.at("covers_revision").get<bool>();
    s.coverage_problem = text(j.at("coverage_problem"));
    s.report_json = optional_text(j.at("report_json"));
    int later = j.at("later").get<int>();
    if (later < 0 || later > static_cast<int>(Later::other_changes)) throw std::runtime_error("bad 'later'");
    s.later = static_cast<Later>(later);
    s.later_signatures = text_list(j.at("later_signatures"));
    s.changes = text_list(j.at("changes"));
    s.source_check = text(j.at("source_check"));
    s.later_validation_data = j.at("later_validation_data").get<bool>();
    return s;
}

}  // namespace

std::string to_wire(const ParsedPdf& parsed) {
    Json signatures = Json::array();
    for (const auto& s : parsed.signatures) signatures.push_back(signature(s));
    Json j{{"readable", parsed.readable},
           {"error", bytes(parsed.error)},
           {"signatures", std::move(signatures)},
           {"unsigned_fields", bytes_list(parsed.unsigned_fields)},
           {"report_json", optional_bytes(parsed.report_json)},
           {"warnings", bytes_list(parsed.warnings)},
           {"dss_certificates", bytes_list(parsed.dss_certificates)},
           {"dss_crls", bytes_list(parsed.dss_crls)}};
    std::vector<std::uint8_t> cbor = Json::to_cbor(j);
    return std::string(cbor.begin(), cbor.end());
}

ParsedPdf parsed_pdf_from_wire(const std::string& wire) {
    try {
        Json j = Json::from_cbor(wire);
        ParsedPdf p;
        p.readable = j.at("readable").get<bool>();
        p.error = text(j.at("error"));
        for (const auto& s : j.at("signatures")) p.signatures.push_back(signature_from(s));
        p.unsigned_fields = text_list(j.at("unsigned_fields"));
        p.report_json = optional_text(j.at("report_json"));
        p.warnings = text_list(j.at("warnings"));
        p.dss_certificates = text_list(j.at("dss_certificates"));
        p.dss_crls = text_list(j.at("dss_crls"));
        return p;
    } catch (const Json::exception& e) {
        throw std::runtime_error(std::string("the PDF reader's answer is garbled: ") + e.what());
    }
}

}  // namespace tertial::pdf

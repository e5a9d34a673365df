// The editor's HTTP server: 127.0.0.1 only, a secret token, Host and Origin checked.
#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "assets.hpp"
#include "tertial/editor/editor.hpp"
#include "tertial/editor/session.hpp"

namespace tertial::editor {
namespace {

std::string new_token() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for the editor's token");
    std::string hex;
    for (unsigned char b : bytes) hex += fmt::format("{:02x}", b);
    return hex;
}

bool same_secret(const std::string& given, const std::string& token) {
    return given.size() == token.size() && CRYPTO_memcmp(given.data(), token.data(), token.size()) == 0;
}

std::string mime_type(const std::string& name) {
    static const std::vector<std::pair<std::string, std::string>> types{
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".json", "application/json"},
        {".svg", "image/svg+xml"},             {".png", "image/png"},
        {".woff2", "font/woff2"},              {".ico", "image/x-icon"}};
    for (const auto& [ext, type] : types)
        if (name.ends_with(ext)) return type;
    return "application/octet-stream";
}

// A file of the page: from the binary, or with TERTIAL_EDITOR_WEB=DIR from
// that directory (development only). Names are plain file names.
std::optional<std::string> asset(const std::string& name) {
    static const std::regex plain("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    if (!std::regex_match(name, plain)) return std::nullopt;
    if (const char* dir = std::getenv("TERTIAL_EDITOR_WEB"); dir && *dir) {
        std::filesystem::path p = std::filesystem::path(dir) / name;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(p, ec)) return std::nullopt;
        std::ifstream in(p, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
    for (const auto& [file, bytes] : assets())
        if (file == name) return std::string(bytes);
    return std::nullopt;
}

void send_json(httplib::Response& res, const Reply& reply) {
    res.status = reply.status;
    res.set_content(reply.text(), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
    send_json(res, Reply{status, nlohmann::ordered_json{{"error", message}}});
}

}  // namespace

struct Server::Impl {
    Session& session;
    httplib::Server http;
    std::string token = new_token();
    int port = 0;

    explicit Impl(Session& s) : session(s) {}

    // Host, Origin and token, before any route runs.
    httplib::Server::HandlerResponse admit(const httplib::Request& req, httplib::Response& res) {
        const std::string host = req.get_header_value("Host");
        const std::string p = std::to_string(port);
        if (host != "127.0.0.1:" + p && host != "localhost:" + p) {
            send_error(res, 403, "Fel Host: redigeraren svarar bara på 127.0.0.1 och localhost.");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.has_header("Origin")) {
            const std::string origin = req.get_header_value("Origin");
            if (origin != "http://127.0.0.1:" + p && origin != "http://localhost:" + p) {
                send_error(res, 403, "Fel Origin: bara redigerarens egen sida får fråga.");
                return httplib::Server::HandlerResponse::Handled;
            }
        }
        bool post = req.method == "POST";
        std::string given = req.get_header_value("X-Tertial-Token");
        if (!post && given.empty()) given = req.get_param_value("token");
        if (!same_secret(given, token)) {
            send_error(res, 403, post ? "Nyckeln saknas eller är fel (X-Tertial-Token)."
                                      : "Nyckeln saknas eller är fel: öppna adressen som tertial edit skrev ut.");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (post && !req.get_header_value("Content-Type").starts_with("application/json")) {
            send_error(res, 415, "Ändringar skickas som application/json.");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    }

    void routes() {
        http.set_pre_routing_handler([this](const auto& req, auto& res) { return admit(req, res); });
        http.set_post_routing_handler([](const auto&, auto& res) {
            res.set_header("Cache-Control", "no-store");
            res.set_header("X-Content-Type-Options", "nosniff");
            res.set_header("Referrer-Policy", "no-referrer");  // the token is in page addresses
            res.set_header("X-Frame-Options", "SAMEORIGIN");
            res.set_header("Content-Security-Policy", "frame-ancestors 'self'");
        });
        http.Get("/", [this](const auto&, auto& res) { page(res); });
        http.Get("/index.html", [this](const auto&, auto& res) { page(res); });
        http.Get("/api/state", [this](const auto&, auto& res) { locked(res, [&] { return session.state(); }); });
        http.Get("/api/status", [this](const auto&, auto& res) { locked(res, [&] { return session.status(); }); });
        http.Get("/api/preview.pdf", [this](const auto&, auto& res) { preview(res); });
        post("/api/edit", &Session::edit);
        post("/api/undo", &Session::undo);
        post("/api/redo", &Session::redo);
        post("/api/import", &Session::import_preview);
        post("/api/import/accept", &Session::import_accept);
        http.Post("/api/reload", [this](const auto&, auto& res) { locked(res, [&] { return session.reload(); }); });
        http.Get(R"(/([A-Za-z0-9_-][A-Za-z0-9._-]*))", [](const auto& req, auto& res) {
            std::string name = req.matches[1];
            auto bytes = asset(name);
            if (!bytes) {
                send_error(res, 404, "Finns inte.");
                return;
            }
            res.set_content(*bytes, mime_type(name));
        });
    }

    void page(httplib::Response& res) {
        auto html = asset("index.html");
        if (!html) {
            send_error(res, 404, "index.html saknas i editor/web.");
            return;
        }
        std::string out;
        std::size_t from = 0;
        for (std::size_t at; (at = html->find("{{TOKEN}}", from)) != std::string::npos; from = at + 9)
            out += html->substr(from, at - from) + token;
        out += html->substr(from);
        res.set_content(out, "text/html; charset=utf-8");
    }

    template <class F>
    void locked(httplib::Response& res, F f) {
        try {
            std::lock_guard lock(session.mutex());
            send_json(res, f());
        } catch (const std::exception& e) {
            send_error(res, 500, fmt::format("Internt fel i Tertial: {}", e.what()));
        }
    }

    void post(const char* path, Reply (Session::*method)(const nlohmann::json&)) {
        http.Post(path, [this, method](const httplib::Request& req, httplib::Response& res) {
            auto body = nlohmann::json::parse(req.body, nullptr, false);
            if (body.is_discarded() || !body.is_object()) {
                send_error(res, 400, "Förfrågan är ingen JSON-objekt.");
                return;
            }
            locked(res, [&] { return (session.*method)(body); });
        });
    }

    void preview(httplib::Response& res) {
        std::lock_guard lock(session.mutex());
        const Preview& p = session.preview();
        if (p.pdf.empty()) {
            send_error(res, 409, p.error);
            return;
        }
        res.set_header("X-Tertial-Revision", std::to_string(session.revision()));
        res.set_content(p.pdf, "application/pdf");
    }
};

Server::Server(Session& session, int port) : impl_(std::make_unique<Impl>(session)) {
    impl_->routes();
    impl_->http.set_keep_alive_max_count(100);
    // An import sends its file as base64 in JSON: up to 64 MiB of file
    // (docs/editor.md). Everything else the page sends is a few kB.
    impl_->http.set_payload_max_length(std::size_t(90) << 20);
    if (port == 0) {
        impl_->port = impl_->http.bind_to_any_port("127.0.0.1");
    } else {
        impl_->port = impl_->http.bind_to_port("127.0.0.1", port) ? port : -1;
    }
    if (impl_->port <= 0)
        throw std::runtime_error(port ? fmt::format("cannot listen on 127.0.0.1:{}: {}", port, std::strerror(errno))
                                      : "cannot listen on 127.0.0.1");
}

Server::~Server() = default;
int Server::port() const { return impl_->port; }
const std::string& Server::token() const { return impl_->token; }
std::string Server::address() const { return fmt::format("http://127.0.0.1:{}/?token={}", impl_->port, impl_->token); }
void Server::listen() { impl_->http.listen_after_bind(); }
void Server::stop() { impl_->http.stop(); }

}  // namespace tertial::editor

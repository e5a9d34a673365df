// Recursive-descent parser for calculation expressions: recursion only for
// nesting (limited to max_calc_nesting), loops for operators of one level.
#include "tertial/expr.hpp"

#include <cctype>
#include <optional>
#include <string>

namespace tertial {
namespace {

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    ExprParseResult run() {
        ExprParseResult r;
        try {
            auto e = expression();
            skip_space();
            if (pos_ != text_.size()) fail(unexpected());
            r.expr = std::move(e);
        } catch (const Failure& f) {
            r.error = f.message;
            r.error_offset = f.offset;
            r.too_deep = f.too_deep;
        }
        return r;
    }

private:
    struct Failure {
        std::size_t offset;
        std::string message;
        bool too_deep = false;
    };

    [[noreturn]] void fail(std::string message) const { throw Failure{pos_, std::move(message)}; }

    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
    }

    bool accept(std::string_view token) {
        skip_space();
        if (text_.substr(pos_, token.size()) == token) {
            pos_ += token.size();
            return true;
        }
        return false;
    }

    static std::shared_ptr<Expr> node(Expr::Kind k, std::size_t offset) {
        auto e = std::make_shared<Expr>();
        e->kind = k;
        e->offset = offset;
        return e;
    }

    // One precedence level, read in a loop: "a + b - c" is one chain node.
    ExprPtr expression() { return chain(&Parser::term, [this] { return additive_op(); }); }
    ExprPtr term() { return chain(&Parser::unary, [this] { return multiplicative_op(); }); }

    std::optional<Expr::Op> additive_op() {
        if (accept("+")) return Expr::Op::add;
        if (text_.substr(pos_, 2) != ".." && accept("-")) return Expr::Op::subtract;
        return std::nullopt;
    }
    std::optional<Expr::Op> multiplicative_op() {
        if (accept("*")) return Expr::Op::multiply;
        if (accept("/")) return Expr::Op::divide;
        return std::nullopt;
    }

    template <class NextOp>
    ExprPtr chain(ExprPtr (Parser::*operand)(), const NextOp& next_op) {
        std::size_t at = (skip_space(), pos_);
        ExprPtr first = (this->*operand)();
        std::shared_ptr<Expr> e;
        while (auto op = (skip_space(), next_op())) {
            if (!e) {
                e = node(Expr::Kind::chain, at);
                e->args.push_back(std::move(first));
            }
            e->ops.push_back(*op);
            e->args.push_back((this->*operand)());
        }
        return e ? ExprPtr(std::move(e)) : first;
    }

    // Brackets, calls and minus signs nest by recursion; past the limit the
    // calculation is refused before the stack runs out.
    struct Level {
        explicit Level(Parser& p) : parser(p) {
            if (++parser.depth_ > max_calc_nesting)
                throw Failure{parser.pos_,
                              "nested more than " + std::to_string(max_calc_nesting) + " deep", true};
        }
        ~Level() { --parser.depth_; }
        Level(const Level&) = delete;
        Level& operator=(const Level&) = delete;
        Parser& parser;
    };

    ExprPtr unary() {
        std::size_t at = (skip_space(), pos_);
        if (text_.substr(pos_, 1) == "-") {
            Level level(*this);
            ++pos_;
            auto e = node(Expr::Kind::negate, at);
            e->args = {unary()};
            return e;
        }
        return primary();
    }

    std::string identifier() {
        std::size_t start = pos_;
        while (pos_ < text_.size()) {
            char c = text_[pos_];
            bool part = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            bool dot = c == '.' && pos_ + 1 < text_.size() && text_[pos_ + 1] != '.';
            if (!part && !dot) break;
            ++pos_;
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    ExprPtr primary() {
        skip_space();
        std::size_t at = pos_;
        if (pos_ >= text_.size()) fail("expression ends too early");
        char c = text_[pos_];
        if (c == '(') {
            Level level(*this);
            ++pos_;
            auto e = expression();
            if (!accept(")")) fail("expected ')'");
            return e;
        }
        if (std::isdigit(static_cast<unsigned char>(c))) {
            std::size_t start = pos_;
            while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) ||
                                           (text_[pos_] == '.' && pos_ + 1 < text_.size() && text_[pos_ + 1] != '.')))
                ++pos_;
            auto value = Decimal::parse(text_.substr(start, pos_ - start));
            if (!value) {
                pos_ = start;
                fail("bad number '" + std::string(text_.substr(start, pos_ - start)) + "'");
            }
            auto e = node(Expr::Kind::number, at);
            e->number = *value;
            return e;
        }
        if (c >= 'a' && c <= 'z') {
            std::string name = identifier();
            skip_space();
            if (text_.substr(pos_, 1) == "(") {
                Level level(*this);
                ++pos_;
                return call(std::move(name), at);
            }
            auto e = node(Expr::Kind::name, at);
            e->name = std::move(name);
            return e;
        }
        fail(unexpected());
    }

    // The character at pos_, whole even when it is several UTF-8 bytes; a
    // letter outside a-z gets the rule for names.
    std::string unexpected() const {
        std::size_t n = 1;
        while (pos_ + n < text_.size() && (static_cast<unsigned char>(text_[pos_ + n]) & 0xC0) == 0x80) ++n;
        unsigned char c = static_cast<unsigned char>(text_[pos_]);
        bool letter = c >= 0x80 || (c >= 'A' && c <= 'Z');
        return "unexpected '" + std::string(text_.substr(pos_, n)) + "'" +
               (letter ? " (names use lowercase a-z, digits and '_')" : "");
    }

    ExprPtr call(std::string fn, std::size_t at) {
        auto e = node(Expr::Kind::call, at);
        e->name = std::move(fn);
        if (accept(")")) return e;
        do {
            e->args.push_back(argument());
        } while (accept(","));
        if (!accept(")")) fail("expected ',' or ')'");
        return e;
    }

    // A range "a..b" is only meaningful as a function argument.
    ExprPtr argument() {
        std::size_t save = (skip_space(), pos_);
        if (pos_ < text_.size() && text_[pos_] >= 'a' && text_[pos_] <= 'z') {
            std::string first = identifier();
            if (accept("..")) {
                skip_space();
                std::string last = identifier();
                if (last.empty()) fail("expected a name after '..'");
                auto e = node(Expr::Kind::range, save);
                e->name = std::move(first);
                e->range_end = std::move(last);
                return e;
            }
            pos_ = save;
        }
        return expression();
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    int depth_ = 0;
};

}  // namespace

ExprParseResult parse_expr(std::string_view text) { return Parser(text).run(); }

const std::vector<std::string_view>& expr_functions() {
    static const std::vector<std::string_view> fns{"sum", "share", "change_pct", "abs", "tertial"};
    return fns;
}

void collect_names(const Expr& e, std::vector<std::string>& out) {
    if (e.kind == Expr::Kind::name) out.push_back(e.name);
    if (e.kind == Expr::Kind::range) {
        out.push_back(e.name);
        out.push_back(e.range_end);
    }
    for (const auto& a : e.args) collect_names(*a, out);
}

}  // namespace tertial

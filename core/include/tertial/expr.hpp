// Calculation expressions: "sum(taxor..kommunbidrag)", "budget - prognos".
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/decimal.hpp"

namespace tertial {

// A chain holds every operand of one precedence level ("a + b - c", "a * b
// / c") with the operators between them, applied left to right: a long sum
// is one node, not a tree as deep as it is long, so neither evaluating nor
// freeing it recurses once per term.
struct Expr {
    enum class Kind { number, name, range, negate, chain, call };
    enum class Op { add, subtract, multiply, divide };
    Kind kind = Kind::number;
    Decimal number;                       // number
    std::string name, range_end;          // name; range: name..range_end; call: function name
    std::vector<std::shared_ptr<const Expr>> args;  // operands / call arguments
    std::vector<Op> ops;                  // chain: ops[k] joins the value so far and args[k + 1]
    std::size_t offset = 0;               // byte offset in the source, for messages
};

using ExprPtr = std::shared_ptr<const Expr>;

// How deep brackets, function calls and minus signs may nest in one
// calculation. Reports nest two or three; the limit keeps parsing and
// evaluating, which recurse once per level, far from the end of the stack.
inline constexpr int max_calc_nesting = 64;

struct ExprParseResult {
    ExprPtr expr;  // null on error
    std::size_t error_offset = 0;
    std::string error;
    bool too_deep = false;  // the error is nesting beyond max_calc_nesting
};

ExprParseResult parse_expr(std::string_view text);

// The functions calculations may call, for messages and "did you mean".
const std::vector<std::string_view>& expr_functions();

// Every name an expression mentions (ranges give both ends), in order.
void collect_names(const Expr& e, std::vector<std::string>& out);

}  // namespace tertial

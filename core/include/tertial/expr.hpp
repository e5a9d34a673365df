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

struct Expr {
    enum class Kind { number, name, range, negate, add, subtract, multiply, divide, call };
    Kind kind = Kind::number;
    Decimal number;                       // number
    std::string name, range_end;          // name; range: name..range_end; call: function name
    std::vector<std::shared_ptr<const Expr>> args;  // operands / call arguments
    std::size_t offset = 0;               // byte offset in the source, for messages
};

using ExprPtr = std::shared_ptr<const Expr>;

struct ExprParseResult {
    ExprPtr expr;  // null on error
    std::size_t error_offset = 0;
    std::string error;
};

ExprParseResult parse_expr(std::string_view text);

// The functions calculations may call, for messages and "did you mean".
const std::vector<std::string_view>& expr_functions();

// Every name an expression mentions (ranges give both ends), in order.
void collect_names(const Expr& e, std::vector<std::string>& out);

}  // namespace tertial

// The calculation engine, calculating: arithmetic with units, ranges, and the functions core and plugins provide.
#include "resolve_engine.hpp"

#include <fmt/format.h>

#include "tertial/suggest.hpp"

namespace tertial::detail {

Value Engine::eval(const Expr& e, const Calc& calc) {
    switch (e.kind) {
        case Expr::Kind::number:
            return {e.number, std::nullopt};
        case Expr::Kind::name: {
            auto i = lookup(e.name, calc, e.offset);
            return i ? value_of(*i) : Value{};
        }
        case Expr::Kind::range:
            diags_->error("calc.syntax", calc.pointer,
                         fmt::format("in calculation '{}': a range '{}..{}' is only allowed inside sum()", calc.source, e.name,
                                     e.range_end));
            return {};
        case Expr::Kind::negate: {
            Value v = eval(*e.args[0], calc);
            if (v.number) v.number = -*v.number;
            return v;
        }
        case Expr::Kind::chain: {
            Value v = eval(*e.args[0], calc);
            for (std::size_t k = 0; k < e.ops.size(); ++k) v = apply(e.ops[k], v, eval(*e.args[k + 1], calc), calc);
            return v;
        }
        case Expr::Kind::call:
            return call(e, calc);
    }
    return {};
}

bool Engine::same_unit(const Calc& calc, const Value& a, const Value& b, std::string_view what) {
    if (a.unit && b.unit && *a.unit != *b.unit) {
        diags_->error("calc.unit", calc.pointer,
                     fmt::format("in calculation '{}': cannot {} {} and {}", calc.source, what, unit_name(*a.unit),
                                 unit_name(*b.unit)));
        return false;
    }
    return true;
}

Value Engine::apply(Expr::Op op, const Value& a, const Value& b, const Calc& calc) {
    if (op == Expr::Op::add || op == Expr::Op::subtract) return additive(op == Expr::Op::add, a, b, calc);
    return multiplicative(op == Expr::Op::multiply, a, b, calc);
}

Value Engine::additive(bool add, const Value& a, const Value& b, const Calc& calc) {
    if (!same_unit(calc, a, b, add ? "add" : "subtract")) return {};
    Value out{std::nullopt, a.unit ? a.unit : b.unit};
    if (a.number && b.number) out.number = add ? *a.number + *b.number : *a.number - *b.number;
    return out;
}

Value Engine::multiplicative(bool multiply, const Value& a, const Value& b, const Calc& calc) {
    Value out;
    if (multiply) {
        if (a.unit && b.unit) {
            diags_->error("calc.unit", calc.pointer,
                         fmt::format("in calculation '{}': cannot multiply {} by {}", calc.source, unit_name(*a.unit),
                                     unit_name(*b.unit)));
            return {};
        }
        out.unit = a.unit ? a.unit : b.unit;
        if (a.number && b.number) out.number = *a.number * *b.number;
        return out;
    }
    if (b.unit && a.unit != b.unit) {
        diags_->error("calc.unit", calc.pointer,
                     fmt::format("in calculation '{}': cannot divide {} by {}", calc.source,
                                 a.unit ? unit_name(*a.unit) : "a number", unit_name(*b.unit)));
        return {};
    }
    out.unit = b.unit ? std::nullopt : a.unit;
    if (a.number && b.number) out.number = divide(*a.number, *b.number, calc);
    return out;
}

std::optional<Decimal> Engine::divide(const Decimal& a, const Decimal& b, const Calc& calc) {
    if (b.is_zero()) {
        diags_->error("calc.division_by_zero", calc.pointer,
                     fmt::format("in calculation '{}': division by zero", calc.source));
        return std::nullopt;
    }
    return a.divide(b, division_scale);
}

// The values a sum() argument stands for: a range gives several.
std::vector<Value> Engine::expand(const Expr& arg, const Calc& calc) {
    if (arg.kind != Expr::Kind::range) return {eval(arg, calc)};
    std::vector<Value> out;
    if (calc.context == Context::global) {
        diags_->error("calc.syntax", calc.pointer,
                     fmt::format("in calculation '{}': a range needs a row or column calculation", calc.source));
        return out;
    }
    const Table& t = *calc.table;
    bool rows = calc.context == Context::row;
    auto first = rows ? row_index(t, arg.name) : column_index(t, arg.name);
    auto last = rows ? row_index(t, arg.range_end) : column_index(t, arg.range_end);
    if (!first || !last) {
        const std::string& bad = first ? arg.range_end : arg.name;
        unknown_name(calc, arg.offset, bad, rows ? "row" : "column", rows ? row_ids(t) : column_ids(t));
        return out;
    }
    if (*first > *last) {
        diags_->error("calc.range", calc.pointer,
                     fmt::format("in calculation '{}': '{}' comes after '{}'", calc.source, arg.name, arg.range_end));
        return out;
    }
    for (std::size_t i = *first; i <= *last; ++i) {
        if (rows && (t.rows[i].kind == RowKind::varav || t.rows[i].kind == RowKind::heading)) continue;
        if (!rows && t.columns[i].kind != ColumnKind::amount) continue;
        auto j = lookup(rows ? t.rows[i].id : t.columns[i].id, calc, arg.offset);
        if (j) out.push_back(value_of(*j));
    }
    return out;
}

Value Engine::sum(const std::vector<Value>& values, const Calc& calc) {
    Value out;
    for (const auto& v : values) {
        if (!same_unit(calc, out, v, "add")) return {};
        if (!out.unit) out.unit = v.unit;
        if (v.number) out.number = out.number ? *out.number + *v.number : *v.number;
    }
    return out;
}

Value Engine::call(const Expr& e, const Calc& calc) {
    auto arity = [&](std::size_t n) {
        if (e.args.size() == n) return true;
        diags_->error("calc.arity", calc.pointer,
                     fmt::format("in calculation '{}': {}() takes {} argument{}, not {}", calc.source, e.name, n,
                                 n == 1 ? "" : "s", e.args.size()));
        return false;
    };
    if (e.name == "sum") {
        std::vector<Value> all;
        for (const auto& a : e.args) {
            auto vs = expand(*a, calc);
            all.insert(all.end(), vs.begin(), vs.end());
        }
        return sum(all, calc);
    }
    if (e.name == "share" || e.name == "change_pct") {
        if (!arity(2)) return {};
        Value a = eval(*e.args[0], calc), b = eval(*e.args[1], calc);
        if (!same_unit(calc, a, b, "compare")) return {};
        Value out{std::nullopt, Unit::percent};
        // A share of, or change from, zero is not a number: the cell is
        // left empty, as a printed report leaves it blank (a RESULTAT row
        // with budget 0,0 has no "andel av budget").
        if (!a.number || !b.number || b.number->is_zero()) return out;
        Decimal top = e.name == "share" ? *a.number : *a.number - *b.number;
        out.number = divide(top * Decimal::from_int(100), *b.number, calc);
        return out;
    }
    if (e.name == "abs") {
        if (!arity(1)) return {};
        Value v = eval(*e.args[0], calc);
        if (v.number) v.number = v.number->abs();
        return v;
    }
    if (e.name == "tertial") return tertial(e, calc, arity);
    if (const CalculationDef* def = ext_ ? ext_->calculation(e.name) : nullptr) return plugin_call(e, calc, *def);
    std::vector<std::string_view> known = expr_functions();
    if (ext_)
        for (const auto* c : ext_->calculations) known.push_back(c->name);
    diags_->error("calc.unknown_function", calc.pointer,
                 fmt::format("in calculation '{}': unknown function '{}'{}", calc.source, e.name,
                             did_you_mean(e.name, known)));
    return {};
}

// A calculation a plugin provides: typed arguments, a typed result.
Value Engine::plugin_call(const Expr& e, const Calc& calc, const CalculationDef& def) {
    if (e.args.size() != def.inputs.size()) {
        diags_->error("calc.arity", calc.pointer,
                     fmt::format("in calculation '{}': {}() takes {} argument{}, not {}", calc.source, def.name,
                                 def.inputs.size(), def.inputs.size() == 1 ? "" : "s", e.args.size()));
        return {};
    }
    std::vector<Decimal> args;
    bool complete = true;
    for (std::size_t i = 0; i < e.args.size(); ++i) {
        Value v = eval(*e.args[i], calc);
        if (v.unit && *v.unit != def.inputs[i]) {
            diags_->error("calc.unit", calc.pointer,
                         fmt::format("in calculation '{}': argument {} of {}() must be in {}, not {}", calc.source, i + 1,
                                     def.name, unit_name(def.inputs[i]), unit_name(*v.unit)));
            return {};
        }
        if (v.number)
            args.push_back(*v.number);
        else
            complete = false;
    }
    Value out{std::nullopt, def.output};
    if (!complete || probe_) return out;
    try {
        out.number = def.compute(args, CalculationContext{report_});
    } catch (const std::exception& ex) {
        diags_->error("calc.plugin", calc.pointer,
                     fmt::format("in calculation '{}': {}() failed: {}", calc.source, def.name, ex.what()));
    }
    return out;
}

template <class Arity>
Value Engine::tertial(const Expr& e, const Calc& calc, const Arity& arity) {
    if (!arity(1)) return {};
    const Expr& n = *e.args[0];
    std::optional<int> which;
    for (int k = 1; k <= 3; ++k)
        if (n.kind == Expr::Kind::number && n.number.numerically_equal(Decimal::from_int(k))) which = k;
    if (!which || calc.context != Context::row) {
        diags_->error("calc.tertial", calc.pointer,
                     fmt::format("in calculation '{}': tertial(N) takes 1, 2 or 3 and is only for row calculations",
                                 calc.source));
        return {};
    }
    std::vector<Value> values;
    for (const auto& row : calc.table->rows)
        if (row.month && row.month->tertial() == *which && row.kind != RowKind::varav && row.kind != RowKind::heading)
            if (auto j = lookup(row.id, calc, e.offset)) values.push_back(value_of(*j));
    return sum(values, calc);
}

}  // namespace tertial::detail

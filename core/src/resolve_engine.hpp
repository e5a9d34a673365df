// The calculation engine, shared by the files that define its parts (not part of the installed API):
// resolve_collect.cpp collects figures, resolve_evaluate.cpp evaluates them in dependency order,
// resolve_calc.cpp computes a calculation, resolve_checks.cpp checks references and renders texts.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tertial/expr.hpp"
#include "tertial/plugin_host.hpp"
#include "tertial/resolve.hpp"

namespace tertial::detail {

inline constexpr int division_scale = 10;
// A longer cycle is named by its first figures and its count.
inline constexpr std::size_t max_cycle_named = 8;

// What the names in a calculation refer to.
enum class Context { global, row, column };

struct Calc {
    ExprPtr expr;
    std::string source;
    std::string pointer;
    Context context = Context::global;
    const Table* table = nullptr;
    std::size_t row = 0, column = 0;
};

struct Definition {
    ResolvedFigure figure;
    std::optional<Decimal> entered;
    std::string entered_pointer;
    std::string id_pointer;  // where the id is written, if it is written as one
    // The rare parts are boxed: a figure entered as a number has none of
    // them (a table of 50 000 rows has 100 000 figures: 544 -> 360 bytes each).
    OptionalBox<Calc> calc;
    bool todo = false;
    bool rounded = false;               // its table's figures are rounded
    OptionalBox<std::string> waiver;    // entered as printed; check waived
    OptionalBox<Decimal> accepts;       // what the calculation gave when waived
    std::string unreadable_calc;        // the pointer of its calculation, if that did not parse
    bool value_or_todo() const { return figure.value || todo; }
};

struct Value {
    std::optional<Decimal> number;
    std::optional<Unit> unit;  // none for plain numbers and ratios
};

std::string plain(const Decimal& d);

// "at character N" counts characters as a writer sees them, so åäö count once.
std::size_t character_number(std::string_view text, std::size_t byte_offset);

class Engine {
public:
    Engine(const Report& report, Diagnostics& diags, const Extensions* ext)
        : report_(report), diags_(&diags), ext_(ext) {}

    Resolution run();

private:
    // ---- collecting figures (resolve_collect.cpp) -----------------------------

    void add(Definition d);
    std::optional<Calc> parse_calc(const std::string& source, const std::string& pointer, Context ctx,
                                   const Table* table = nullptr, std::size_t row = 0, std::size_t column = 0);
    void collect();
    void collect_named(const Figure& f, const std::string& p);
    void collect_key_figures(const KeyFigures& k, const std::string& p);
    bool check_unique_ids(const Table& t, const std::string& p);
    void collect_table(const Table& t, const std::string& p);
    void collect_cell(const Table& t, const TableRow& row, const Column& col, const std::string& rp, std::size_t r,
                      std::size_t c, const std::optional<Calc>& row_calc, const std::optional<Calc>& column_calc);

    // ---- evaluation (resolve_evaluate.cpp) -----------------------------------

    // cyclic: under way, but part of a reported cycle; it stays empty.
    enum class State { pending, active, cyclic, done };
    struct Waiting {
        std::vector<std::size_t> figures;
        std::size_t next = 0;
    };

    void evaluate(std::size_t root);
    void visit(std::size_t i);
    std::vector<std::size_t> references(const Definition& d);
    void compute(std::size_t i, bool keep);
    std::string empty_cause_of(const std::string& id) const;
    const std::string& operand_cause(std::size_t i);
    void report_cycle(std::size_t i);
    void finish_plain(Definition& d);
    void finish_pending(Definition& d);
    void finish_computed(Definition& d, const Value& v, const std::vector<std::string>& operands, const std::string& cause);
    void finish_waived(Definition& d, const Value& v);
    static bool within_rounding(const Definition& d, const Decimal& computed, std::size_t parts);
    std::optional<std::size_t> lookup(const std::string& name, const Calc& calc, std::size_t at);
    void unknown_name(const Calc& calc, std::size_t at, const std::string& name, std::string_view what,
                      const std::vector<std::string>& known);
    std::optional<std::size_t> row_index(const Table& t, const std::string& id);
    static std::optional<std::size_t> column_index(const Table& t, const std::string& id);
    static std::vector<std::string> row_ids(const Table& t);
    static std::vector<std::string> column_ids(const Table& t);
    Value value_of(std::size_t i);
    static std::string operand_label(const ResolvedFigure& f);

    // ---- calculations (resolve_calc.cpp) -------------------------------------

    Value eval(const Expr& e, const Calc& calc);
    bool same_unit(const Calc& calc, const Value& a, const Value& b, std::string_view what);
    Value apply(Expr::Op op, const Value& a, const Value& b, const Calc& calc);
    Value additive(bool add, const Value& a, const Value& b, const Calc& calc);
    Value multiplicative(bool multiply, const Value& a, const Value& b, const Calc& calc);
    std::optional<Decimal> divide(const Decimal& a, const Decimal& b, const Calc& calc);
    std::vector<Value> expand(const Expr& arg, const Calc& calc);
    Value sum(const std::vector<Value>& values, const Calc& calc);
    Value call(const Expr& e, const Calc& calc);
    Value plugin_call(const Expr& e, const Calc& calc, const CalculationDef& def);
    template <class Arity>
    Value tertial(const Expr& e, const Calc& calc, const Arity& arity);

    // ---- checks and text (resolve_checks.cpp) --------------------------------

    void run_checks(const Resolution& res);
    void equality_check(const EqualityCheck& c, const std::string& p, const Resolution& res);
    void check_chart(const Chart& c, const std::string& p);
    void check_figure_role(const Figure& f, const std::string& p, const Resolution& res);
    void render_texts(Resolution& res);
    void check_reference(const TextRef& ref, const std::string& p, const Resolution& res,
                         const std::vector<std::string>& ids);

    const Report& report_;
    Diagnostics* diags_;  // a scratch sink while probing
    const Extensions* ext_;
    std::vector<Definition> defs_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<State> state_;
    std::vector<std::string> empty_cause_;  // per figure: the pointer of the error that left it empty
    std::vector<std::size_t> stack_;
    std::vector<Waiting> waiting_;
    std::vector<std::size_t>* probe_ = nullptr;  // set while references() collects what a calculation refers to
    std::vector<std::string>* operands_ = nullptr;
    bool* pending_ = nullptr;  // set when the calculation being evaluated meets a figure to fill in
    std::map<std::string, const Table*> tables_;
    // Each table's rows by id, made when a calculation first names one: a
    // range over 50 000 rows looks every row up.
    std::unordered_map<const Table*, std::unordered_map<std::string_view, std::size_t>> row_indexes_;
    std::vector<std::pair<const Chart*, std::string>> charts_;
    std::vector<Waived> waivers_;
};

}  // namespace tertial::detail

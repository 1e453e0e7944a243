// Evaluating expressions (expression_eval.hpp) with XPath 1.0's loose typing, as ODK does: a value
// is a boolean, a number or a text, and each operator converts what it is given.
#include "kiosk/core/expression_eval.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "kiosk/core/utf8.hpp"

namespace standpoint {
namespace {

struct Value {
    enum class Kind { boolean, number, text } kind = Kind::text;
    bool boolean = false;
    double number = 0;
    std::string text;
};

Value boolean_value(bool b) { return Value{Value::Kind::boolean, b, 0, {}}; }
Value number_value(double n) { return Value{Value::Kind::number, false, n, {}}; }
Value text_value(std::string s) { return Value{Value::Kind::text, false, 0, std::move(s)}; }

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

double parse_number(const std::string& text) {
    if (text.empty()) return not_a_number;
    double value = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(begin, end, value);
    return error == std::errc{} && stop == end ? value : not_a_number;
}

std::string number_text(double n) {
    if (std::isnan(n)) return "NaN";
    if (std::trunc(n) == n && std::fabs(n) < 1e15)
        return std::to_string(static_cast<std::int64_t>(n));
    return std::to_string(n);
}

double to_number(const Value& v) {
    switch (v.kind) {
        case Value::Kind::boolean:
            return v.boolean ? 1 : 0;
        case Value::Kind::number:
            return v.number;
        case Value::Kind::text:
            return parse_number(v.text);
    }
    return not_a_number;
}

std::string to_string_value(const Value& v) {
    switch (v.kind) {
        case Value::Kind::boolean:
            return v.boolean ? "true" : "false";
        case Value::Kind::number:
            return number_text(v.number);
        case Value::Kind::text:
            return v.text;
    }
    return "";
}

bool to_boolean(const Value& v) {
    switch (v.kind) {
        case Value::Kind::boolean:
            return v.boolean;
        case Value::Kind::number:
            return v.number != 0 && !std::isnan(v.number);
        case Value::Kind::text:
            return !v.text.empty();
    }
    return false;
}

Value answer_value(const Answer& answer) {
    return std::visit(
        [](const auto& a) -> Value {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, NumberAnswer>) {
                return number_value(static_cast<double>(a.value));
            } else if constexpr (std::is_same_v<T, YesNoAnswer>) {
                return text_value(a.value ? "yes" : "no");
            } else if constexpr (std::is_same_v<T, ChoiceAnswer>) {
                return text_value(a.option_id);
            } else if constexpr (std::is_same_v<T, ChoicesAnswer>) {
                std::string joined;
                for (const auto& id : a.option_ids) joined += (joined.empty() ? "" : " ") + id;
                return text_value(joined);
            } else {
                return text_value(a.value);
            }
        },
        answer);
}

std::vector<std::string> split_spaces(const std::string& text) {
    std::vector<std::string> items;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto start = text.find_first_not_of(' ', i);
        if (start == std::string::npos) break;
        const auto stop = text.find(' ', start);
        items.push_back(
            text.substr(start, stop == std::string::npos ? std::string::npos : stop - start));
        i = stop == std::string::npos ? text.size() : stop;
    }
    return items;
}

class Evaluator {
public:
    Evaluator(const Answers& answers, const Answer* current)
        : answers_(answers), current_(current) {}

    Value value(const Expression& e) const {
        switch (e.kind) {
            case ExpressionKind::text:
                return text_value(e.text);
            case ExpressionKind::number:
                return number_value(parse_number(e.text));
            case ExpressionKind::boolean:
                return boolean_value(e.text == "true");
            case ExpressionKind::question: {
                const auto found = answers_.find(e.text);
                return found == answers_.end() ? text_value("") : answer_value(found->second);
            }
            case ExpressionKind::current:
                return current_ == nullptr ? text_value("") : answer_value(*current_);
            case ExpressionKind::all:
                for (const auto& child : e.children) {
                    if (!to_boolean(value(child))) return boolean_value(false);
                }
                return boolean_value(true);
            case ExpressionKind::any:
                for (const auto& child : e.children) {
                    if (to_boolean(value(child))) return boolean_value(true);
                }
                return boolean_value(false);
            case ExpressionKind::negate:
                return boolean_value(!to_boolean(value(e.children.at(0))));
            case ExpressionKind::selected: {
                const auto items = split_spaces(to_string_value(value(e.children.at(0))));
                const std::string wanted = to_string_value(value(e.children.at(1)));
                return boolean_value(std::find(items.begin(), items.end(), wanted) != items.end());
            }
            case ExpressionKind::count_selected:
                return number_value(static_cast<double>(
                    split_spaces(to_string_value(value(e.children.at(0)))).size()));
            case ExpressionKind::string_length:
                return number_value(
                    static_cast<double>(code_points_in(to_string_value(value(e.children.at(0))))));
            case ExpressionKind::regex:
                return boolean_value(false);
            default:
                return boolean_value(compare(e));
        }
    }

private:
    bool compare(const Expression& e) const {
        const Value left = value(e.children.at(0));
        const Value right = value(e.children.at(1));
        if (e.kind == ExpressionKind::equal || e.kind == ExpressionKind::not_equal) {
            bool is_equal = false;
            if (left.kind == Value::Kind::boolean || right.kind == Value::Kind::boolean) {
                is_equal = to_boolean(left) == to_boolean(right);
            } else {
                const double a = to_number(left);
                const double b = to_number(right);
                is_equal = !std::isnan(a) && !std::isnan(b)
                               ? a == b
                               : to_string_value(left) == to_string_value(right);
            }
            return e.kind == ExpressionKind::equal ? is_equal : !is_equal;
        }
        const double a = to_number(left);
        const double b = to_number(right);
        if (std::isnan(a) || std::isnan(b)) return false;
        switch (e.kind) {
            case ExpressionKind::less:
                return a < b;
            case ExpressionKind::less_or_equal:
                return a <= b;
            case ExpressionKind::greater:
                return a > b;
            case ExpressionKind::greater_or_equal:
                return a >= b;
            default:
                return false;
        }
    }

    const Answers& answers_;
    const Answer* current_;
};

}  // namespace

bool evaluate(const Expression& expression, const Answers& answers, const Answer* current) {
    return to_boolean(Evaluator(answers, current).value(expression));
}

}  // namespace standpoint

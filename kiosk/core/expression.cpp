// Parsing and printing expressions (expression.hpp): a tokenizer and a recursive-descent parser
// with a depth limit, so no text, however hostile, recurses without bound.
#include "kiosk/core/expression.hpp"

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <utility>

#include "kiosk/core/utf8.hpp"

namespace standpoint {
namespace {

constexpr std::size_t max_expression_chars = 2000;
constexpr int max_depth = 32;

const char* const understood =
    "a kiosk understands ${name}, '.', 'text', numbers, =, !=, <, <=, >, >=, and, or, not(), "
    "selected(), count-selected(), string-length(), regex(), true() and false()";

enum class TokenKind { name, question, current, text, number, symbol, end };

struct Token {
    TokenKind kind = TokenKind::end;
    std::string text;
    std::size_t at = 0;  // byte offset in the source, for messages
};

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == ':' || c == '.';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A short quote of the source from `at`, for "... is not understood here".
std::string quote_from(const std::string& source, std::size_t at) {
    std::string rest = source.substr(std::min(at, source.size()));
    if (rest.size() > 40) rest = std::string(prefix_within_bytes(rest, 37)) + "...";
    return rest;
}

class Parser {
public:
    explicit Parser(const std::string& source) : source_(source) {}

    Result<Expression> parse() {
        if (source_.size() > max_expression_chars) {
            return Error{"the expression is longer than " + std::to_string(max_expression_chars) +
                         " characters; split it or simplify it"};
        }
        if (auto tokens = tokenize(); !tokens) return tokens.error();
        if (tokens_.size() == 1) return Error{"the expression is empty"};
        Result<Expression> result = parse_or(0);
        if (!result) return result;
        if (peek().kind != TokenKind::end) return not_understood(peek());
        return result;
    }

private:
    Status tokenize() {
        std::size_t i = 0;
        while (i < source_.size()) {
            const char c = source_[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++i;
                continue;
            }
            const std::size_t start = i;
            if (c == '$') {
                const auto close = source_.find('}', i);
                if (i + 1 >= source_.size() || source_[i + 1] != '{' || close == std::string::npos)
                    return Error{"'" + quote_from(source_, i) +
                                 "' is not understood; a question is written ${name}"};
                std::string name = source_.substr(i + 2, close - i - 2);
                if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char))
                    return Error{"'${" + name + "}' does not name a question"};
                tokens_.push_back({TokenKind::question, std::move(name), start});
                i = close + 1;
            } else if (c == '\'' || c == '"') {
                const auto close = source_.find(c, i + 1);
                if (close == std::string::npos)
                    return Error{"the text starting " + quote_from(source_, i) +
                                 " has no closing " + std::string(1, c)};
                tokens_.push_back({TokenKind::text, source_.substr(i + 1, close - i - 1), start});
                i = close + 1;
            } else if (is_digit(c) ||
                       (c == '.' && i + 1 < source_.size() && is_digit(source_[i + 1]))) {
                while (i < source_.size() && (is_digit(source_[i]) || source_[i] == '.')) ++i;
                std::string number = source_.substr(start, i - start);
                if (std::count(number.begin(), number.end(), '.') > 1)
                    return Error{"'" + number + "' is not a number"};
                tokens_.push_back({TokenKind::number, std::move(number), start});
            } else if (c == '.') {
                if (i + 1 < source_.size() && source_[i + 1] == '.')
                    return Error{"'..' (the group above) is not understood; " +
                                 std::string(understood)};
                tokens_.push_back({TokenKind::current, ".", start});
                ++i;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                while (i < source_.size() && is_name_char(source_[i])) ++i;
                tokens_.push_back({TokenKind::name, source_.substr(start, i - start), start});
            } else {
                static const char* const two[] = {"!=", "<=", ">="};
                std::string symbol(1, c);
                for (const char* s : two) {
                    if (source_.compare(i, 2, s) == 0) symbol = s;
                }
                tokens_.push_back({TokenKind::symbol, symbol, start});
                i += symbol.size();
            }
        }
        tokens_.push_back({TokenKind::end, "", source_.size()});
        return ok_status();
    }

    const Token& peek() const { return tokens_[std::min(next_, tokens_.size() - 1)]; }
    const Token& take() {
        const Token& token = peek();
        if (next_ < tokens_.size() - 1) ++next_;
        return token;
    }
    bool is_symbol(const char* s) const {
        return peek().kind == TokenKind::symbol && peek().text == s;
    }
    bool is_word(const char* s) const { return peek().kind == TokenKind::name && peek().text == s; }

    Error not_understood(const Token& token) const {
        if (token.kind == TokenKind::end)
            return Error{"the expression ends too early; look for a missing value or ')'"};
        return Error{"'" + quote_from(source_, token.at) + "' is not understood here; " +
                     understood};
    }

    Status expect_symbol(const char* s) {
        if (!is_symbol(s)) return not_understood(peek());
        take();
        return ok_status();
    }

    static void add_flattened(Expression& parent, Expression child) {
        if (child.kind == parent.kind) {
            for (auto& grandchild : child.children)
                parent.children.push_back(std::move(grandchild));
        } else {
            parent.children.push_back(std::move(child));
        }
    }

    Result<Expression> parse_or(int depth) {
        if (depth > max_depth) return Error{"the expression is nested too deeply; simplify it"};
        Result<Expression> first = parse_and(depth);
        if (!first || !is_word("or")) return first;
        Expression any{ExpressionKind::any, "", {}};
        add_flattened(any, std::move(first.value()));
        while (is_word("or")) {
            take();
            Result<Expression> next = parse_and(depth);
            if (!next) return next;
            add_flattened(any, std::move(next.value()));
        }
        return any;
    }

    Result<Expression> parse_and(int depth) {
        Result<Expression> first = parse_comparison(depth);
        if (!first || !is_word("and")) return first;
        Expression all{ExpressionKind::all, "", {}};
        add_flattened(all, std::move(first.value()));
        while (is_word("and")) {
            take();
            Result<Expression> next = parse_comparison(depth);
            if (!next) return next;
            add_flattened(all, std::move(next.value()));
        }
        return all;
    }

    Result<Expression> parse_comparison(int depth) {
        Result<Expression> left = parse_primary(depth);
        if (!left) return left;
        static const std::pair<const char*, ExpressionKind> operators[] = {
            {"=", ExpressionKind::equal},   {"!=", ExpressionKind::not_equal},
            {"<", ExpressionKind::less},    {"<=", ExpressionKind::less_or_equal},
            {">", ExpressionKind::greater}, {">=", ExpressionKind::greater_or_equal},
        };
        for (const auto& [symbol, kind] : operators) {
            if (!is_symbol(symbol)) continue;
            take();
            Result<Expression> right = parse_primary(depth);
            if (!right) return right;
            return Expression{kind, "", {std::move(left.value()), std::move(right.value())}};
        }
        return left;
    }

    // name '(' arguments ')', with the arity each function takes.
    Result<Expression> parse_call(const Token& name, int depth) {
        static const std::pair<const char*, std::pair<ExpressionKind, std::size_t>> functions[] = {
            {"not", {ExpressionKind::negate, 1}},
            {"selected", {ExpressionKind::selected, 2}},
            {"count-selected", {ExpressionKind::count_selected, 1}},
            {"string-length", {ExpressionKind::string_length, 1}},
            {"regex", {ExpressionKind::regex, 2}},
            {"true", {ExpressionKind::boolean, 0}},
            {"false", {ExpressionKind::boolean, 0}},
        };
        const auto found =
            std::find_if(std::begin(functions), std::end(functions),
                         [&](const auto& entry) { return name.text == entry.first; });
        if (found == std::end(functions)) {
            if (name.text == "pulldata")
                return Error{"pulldata() reads from another file, which a kiosk survey cannot do"};
            return Error{name.text + "() is not something a kiosk survey can use; " + understood};
        }
        take();  // '('
        const auto [kind, arity] = found->second;
        Expression call{kind, kind == ExpressionKind::boolean ? name.text : "", {}};
        while (!is_symbol(")")) {
            if (!call.children.empty()) {
                if (auto comma = expect_symbol(","); !comma) return comma.error();
            }
            Result<Expression> argument = parse_or(depth + 1);
            if (!argument) return argument;
            call.children.push_back(std::move(argument.value()));
            if (peek().kind == TokenKind::end) return not_understood(peek());
        }
        take();  // ')'
        if (call.children.size() != arity) {
            return Error{name.text + "() takes " + std::to_string(arity) +
                         (arity == 1 ? " value" : " values") + ", not " +
                         std::to_string(call.children.size())};
        }
        if (kind == ExpressionKind::regex && call.children[1].kind != ExpressionKind::text)
            return Error{"regex() needs its pattern written in quotes, like regex(., '^[0-9]+$')"};
        return call;
    }

    Result<Expression> parse_primary(int depth) {
        if (depth > max_depth) return Error{"the expression is nested too deeply; simplify it"};
        const Token& token = peek();
        switch (token.kind) {
            case TokenKind::question:
                take();
                return Expression{ExpressionKind::question, token.text, {}};
            case TokenKind::current:
                take();
                return Expression{ExpressionKind::current, ".", {}};
            case TokenKind::text:
                take();
                return Expression{ExpressionKind::text, token.text, {}};
            case TokenKind::number:
                take();
                return Expression{ExpressionKind::number, token.text, {}};
            case TokenKind::name: {
                const Token name = token;
                const std::size_t after = next_ + 1;
                if (after < tokens_.size() && tokens_[after].kind == TokenKind::symbol &&
                    tokens_[after].text == "(") {
                    take();
                    return parse_call(name, depth);
                }
                return not_understood(token);
            }
            case TokenKind::symbol:
                if (token.text == "(") {
                    take();
                    Result<Expression> inner = parse_or(depth + 1);
                    if (!inner) return inner;
                    if (auto close = expect_symbol(")"); !close) return close.error();
                    return inner;
                }
                if (token.text == "-" && next_ + 1 < tokens_.size() &&
                    tokens_[next_ + 1].kind == TokenKind::number) {
                    take();
                    const Token& number = take();
                    return Expression{ExpressionKind::number, "-" + number.text, {}};
                }
                return not_understood(token);
            case TokenKind::end:
                break;
        }
        return not_understood(token);
    }

    const std::string& source_;
    std::vector<Token> tokens_;
    std::size_t next_ = 0;
};

std::string quoted(const std::string& text) {
    return text.find('\'') == std::string::npos ? "'" + text + "'" : "\"" + text + "\"";
}

const char* operator_symbol(ExpressionKind kind) {
    switch (kind) {
        case ExpressionKind::equal:
            return "=";
        case ExpressionKind::not_equal:
            return "!=";
        case ExpressionKind::less:
            return "<";
        case ExpressionKind::less_or_equal:
            return "<=";
        case ExpressionKind::greater:
            return ">";
        case ExpressionKind::greater_or_equal:
            return ">=";
        default:
            return nullptr;
    }
}

// A child of `and`/`or`/a comparison that needs brackets to keep its meaning.
std::string operand_text(const Expression& child, ExpressionKind parent) {
    const bool is_list = child.kind == ExpressionKind::all || child.kind == ExpressionKind::any;
    const bool needs_brackets =
        (is_list && child.kind != parent) || (is_list && operator_symbol(parent) != nullptr);
    return needs_brackets ? "(" + to_text(child) + ")" : to_text(child);
}

template <class F>
void visit_all(const Expression& expression, F&& f) {
    f(expression);
    for (const auto& child : expression.children) visit_all(child, f);
}

}  // namespace

Result<Expression> parse_expression(const std::string& source) { return Parser(source).parse(); }

std::string to_text(const Expression& e) {
    switch (e.kind) {
        case ExpressionKind::text:
            return quoted(e.text);
        case ExpressionKind::number:
            return e.text;
        case ExpressionKind::boolean:
            return e.text + "()";
        case ExpressionKind::question:
            return "${" + e.text + "}";
        case ExpressionKind::current:
            return ".";
        case ExpressionKind::all:
        case ExpressionKind::any: {
            std::string out;
            for (const auto& child : e.children) {
                if (!out.empty()) out += e.kind == ExpressionKind::all ? " and " : " or ";
                out += operand_text(child, e.kind);
            }
            return out;
        }
        case ExpressionKind::negate:
            return "not(" + to_text(e.children.at(0)) + ")";
        case ExpressionKind::selected:
            return "selected(" + to_text(e.children.at(0)) + ", " + to_text(e.children.at(1)) + ")";
        case ExpressionKind::count_selected:
            return "count-selected(" + to_text(e.children.at(0)) + ")";
        case ExpressionKind::string_length:
            return "string-length(" + to_text(e.children.at(0)) + ")";
        case ExpressionKind::regex:
            return "regex(" + to_text(e.children.at(0)) + ", " + to_text(e.children.at(1)) + ")";
        default:
            return operand_text(e.children.at(0), e.kind) + " " + operator_symbol(e.kind) + " " +
                   operand_text(e.children.at(1), e.kind);
    }
}

std::vector<std::string> referenced_questions(const Expression& expression) {
    std::vector<std::string> ids;
    visit_all(expression, [&](const Expression& e) {
        if (e.kind == ExpressionKind::question &&
            std::find(ids.begin(), ids.end(), e.text) == ids.end())
            ids.push_back(e.text);
    });
    return ids;
}

bool uses_current(const Expression& expression) {
    bool found = false;
    visit_all(expression,
              [&](const Expression& e) { found = found || e.kind == ExpressionKind::current; });
    return found;
}

bool uses_regex(const Expression& expression) {
    bool found = false;
    visit_all(expression,
              [&](const Expression& e) { found = found || e.kind == ExpressionKind::regex; });
    return found;
}

}  // namespace standpoint

// Expressions: the small part of XLSForm's XPath that kiosk surveys need for skip logic (show_if,
// XLSForm's `relevant`) and answer checks (`constraint`). Pure: a tree parsed from text and
// evaluated against the answers given so far. docs/survey-format.md lists what is understood:
//
//   ${q} = 'x'   !=  <  <=  >  >=   and  or  not(...)  ( )   true()  false()
//   selected(${q}, 'x')   count-selected(${q})   string-length(.)   regex(., '...')
//   .  (the answer being checked, in a constraint)   'text'   "text"   12   -3   2.5
//
// Evaluation against answers: expression_eval.hpp (this header is free of answers so that
// survey.hpp can hold expressions).
//
// regex() is parsed so that a constraint like `regex(., '^[0-9]+$')` can become a text question's
// `pattern` (one regular-expression engine, in one place); it is never evaluated here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"

namespace standpoint {

enum class ExpressionKind {
    text,              // 'x': `text`
    number,            // 12, -3, 2.5: `text` holds it as written
    boolean,           // true(), false(): `text` is "true" or "false"
    question,          // ${q}: `text` is q
    current,           // .  (the answer being checked)
    equal,             // children[0] = children[1]
    not_equal,         // !=
    less,              // <
    less_or_equal,     // <=
    greater,           // >
    greater_or_equal,  // >=
    all,               // and: every child
    any,               // or: any child
    negate,            // not(child)
    selected,          // selected(children[0], children[1])
    count_selected,    // count-selected(child)
    string_length,     // string-length(child)
    regex,             // regex(children[0], children[1]): only ever turned into a pattern
};

struct Expression {
    ExpressionKind kind = ExpressionKind::boolean;
    std::string text;
    std::vector<Expression> children;

    bool operator==(const Expression&) const = default;
};

// Parses `source`. The Error says which part was not understood, e.g.
// "'+ 1' is not understood here; ..." so a person can find it in their spreadsheet cell.
Result<Expression> parse_expression(const std::string& source);

// The expression written back as text, in one canonical spelling (single spaces, ${q}, single
// quotes), so two expressions that mean the same written differently print the same.
std::string to_text(const Expression& expression);

// The question ids it reads, each once, in order of first appearance.
std::vector<std::string> referenced_questions(const Expression& expression);

bool uses_current(const Expression& expression);  // whether it contains "."
bool uses_regex(const Expression& expression);

}  // namespace standpoint

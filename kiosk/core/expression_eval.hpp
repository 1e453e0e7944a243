// Evaluating an expression (expression.hpp) against a resident's answers. Pure.
#pragma once

#include "kiosk/core/answer.hpp"
#include "kiosk/core/expression.hpp"

namespace standpoint {

// True or false, XPath style: an unanswered question is the empty text '', a multi answer is its
// option ids joined by spaces, yes/no answers are 'yes'/'no'; comparisons are numeric when both
// sides are numbers, and <, <=, >, >= with a side that is not a number are false.
// `current` is the answer "." stands for (nullptr: none). regex() is never evaluated (the loader
// turns it into a pattern or refuses it) and counts as false.
bool evaluate(const Expression& expression, const Answers& answers,
              const Answer* current = nullptr);

}  // namespace standpoint

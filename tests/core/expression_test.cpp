// The expression subset of XLSForm's XPath that show_if and constraints use, rule by rule.
#include "kiosk/core/expression.hpp"

#include <doctest/doctest.h>

#include <string>

#include "kiosk/core/expression_eval.hpp"

using namespace standpoint;

namespace {

Expression parsed(const std::string& text) {
    Result<Expression> result = parse_expression(text);
    INFO(text);
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    return result.value();
}

bool holds(const std::string& text, const Answers& answers, const Answer* current = nullptr) {
    return evaluate(parsed(text), answers, current);
}

std::string refusal(const std::string& text) {
    Result<Expression> result = parse_expression(text);
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

}  // namespace

TEST_CASE("an expression prints back in one canonical spelling") {
    CHECK(to_text(parsed("${a}='x' and(${b}>=3 or not(selected( ${c},\"y\")))")) ==
          "${a} = 'x' and (${b} >= 3 or not(selected(${c}, 'y')))");
    CHECK(to_text(parsed("(${a} = 1 and ${b} = 2) and ${c} = 3")) ==
          "${a} = 1 and ${b} = 2 and ${c} = 3");
    CHECK(to_text(parsed("string-length(.) <= -5")) == "string-length(.) <= -5");
    CHECK(to_text(parsed("regex(., '^[0-9]{4}$')")) == "regex(., '^[0-9]{4}$')");
    CHECK(to_text(parsed("true() or false()")) == "true() or false()");
    CHECK(to_text(parsed("${q} != \"it's\"")) == "${q} != \"it's\"");
}

TEST_CASE("printing and parsing again gives the same tree") {
    for (const char* text : {"${a} = 'x' or ${b} < 2.5", "not(${a} = 'x' and ${b} != '')",
                             "count-selected(${m}) >= 2 and selected(${m}, 'b')"}) {
        const Expression first = parsed(text);
        CHECK(parsed(to_text(first)) == first);
    }
}

TEST_CASE("= compares a single answer's option id, and an unanswered question equals ''") {
    const Answers answers{{"travel", ChoiceAnswer{"bus"}}};
    CHECK(holds("${travel} = 'bus'", answers));
    CHECK_FALSE(holds("${travel} = 'car'", answers));
    CHECK(holds("${travel} != 'car'", answers));
    CHECK(holds("${other} = ''", answers));
    CHECK_FALSE(holds("${other} != ''", answers));
    CHECK(holds("${travel} != ''", answers));
}

TEST_CASE("numbers compare as numbers, and < with an unanswered side is false") {
    const Answers answers{{"rating", NumberAnswer{2}}};
    CHECK(holds("${rating} <= 2", answers));
    CHECK(holds("${rating} < 3", answers));
    CHECK_FALSE(holds("${rating} > 2", answers));
    CHECK(holds("${rating} >= 2", answers));
    CHECK(holds("${rating} = '2'", answers));
    CHECK(holds("${rating} = 2.0", answers));
    CHECK_FALSE(holds("${missing} < 3", answers));
    CHECK_FALSE(holds("${missing} >= 3", answers));
}

TEST_CASE("yes/no answers read as 'yes' and 'no'") {
    const Answers answers{{"used", YesNoAnswer{true}}};
    CHECK(holds("${used} = 'yes'", answers));
    CHECK_FALSE(holds("${used} = 'no'", answers));
}

TEST_CASE("selected and count-selected read a multi answer") {
    const Answers answers{{"want", ChoicesAnswer{{"books", "events"}}}};
    CHECK(holds("selected(${want}, 'events')", answers));
    CHECK_FALSE(holds("selected(${want}, 'computers')", answers));
    CHECK(holds("count-selected(${want}) = 2", answers));
    CHECK(holds("count-selected(${nothing}) = 0", answers));
    CHECK_FALSE(holds("selected(${nothing}, 'books')", answers));
}

TEST_CASE("and, or, not and brackets combine as in XPath") {
    const Answers answers{{"a", NumberAnswer{1}}, {"b", ChoiceAnswer{"x"}}};
    CHECK(holds("${a} = 1 and ${b} = 'x'", answers));
    CHECK_FALSE(holds("${a} = 2 and ${b} = 'x'", answers));
    CHECK(holds("${a} = 2 or ${b} = 'x'", answers));
    CHECK(holds("not(${a} = 2)", answers));
    CHECK(holds("${a} = 2 or ${a} = 1 and ${b} = 'x'", answers));  // and binds tighter
    CHECK_FALSE(holds("(${a} = 2 or ${a} = 1) and ${b} = 'y'", answers));
    CHECK(holds("true()", answers));
    CHECK_FALSE(holds("false()", answers));
}

TEST_CASE(". is the answer being checked, and string-length counts characters") {
    const Answer text = TextAnswer{"Caerdydd ŵ"};
    CHECK(holds("string-length(.) = 10", {}, &text));
    CHECK(holds("string-length(.) <= 10 and . != 'x'", {}, &text));
    const Answer number = NumberAnswer{7};
    CHECK(holds(". >= 1 and . <= ${most}", {{"most", NumberAnswer{7}}}, &number));
    CHECK_FALSE(holds(". > ${most}", {{"most", NumberAnswer{7}}}, &number));
}

TEST_CASE("the parts it reads are listed") {
    const Expression e = parsed("${a} = 'x' or selected(${b}, 'y') or ${a} != . ");
    CHECK(referenced_questions(e) == std::vector<std::string>{"a", "b"});
    CHECK(uses_current(e));
    CHECK_FALSE(uses_regex(e));
    CHECK(uses_regex(parsed("regex(., 'x') and . != ''")));
}

TEST_CASE("anything outside the subset is refused, naming the part not understood") {
    CHECK(refusal("${a} + 1 = 2").find("'+ 1 = 2' is not understood here") == 0);
    CHECK(refusal("${a} = 'x' AND ${b} = 'y'").find("'AND ${b} = 'y'' is not understood") == 0);
    CHECK(refusal("pulldata('fruits', 'name', 'key', 'x')").find("another file") !=
          std::string::npos);
    CHECK(refusal("if(${a} = 1, 'x', 'y') = 'x'").find("if() is not something") == 0);
    CHECK(refusal("${a} = 'x").find("no closing '") != std::string::npos);
    CHECK(refusal("${a = 1").find("${name}") != std::string::npos);
    CHECK(refusal("selected(${a})").find("selected() takes 2 values, not 1") == 0);
    CHECK(refusal("regex(., ${pattern})").find("in quotes") != std::string::npos);
    CHECK(refusal("../x = 1").find("'..'") != std::string::npos);
    CHECK(refusal("${a} = ").find("ends too early") != std::string::npos);
    CHECK(refusal("   ").find("empty") != std::string::npos);
}

TEST_CASE("a hostile expression is refused without deep recursion") {
    CHECK(refusal(std::string(500, '(') + "1" + std::string(500, ')')).find("nested too deeply") !=
          std::string::npos);
    CHECK(refusal(std::string(5000, 'a')).find("longer than") != std::string::npos);
    CHECK(refusal(std::string(300, '(')).find("nested too deeply") != std::string::npos);
}

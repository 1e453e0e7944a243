// Survey files: every rule of docs/survey-format.md, one behaviour per case, on small inline JSON.
#include "kiosk/core/survey_loader.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/core/sha256.hpp"

namespace standpoint {
namespace {

const std::string source = "t.json";

std::string read_file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string demo_path() {
    return std::string(STANDPOINT_SOURCE_DIR) + "/assets/surveys/gala-feedback.json";
}

// A valid survey in English around the given questions list.
std::string survey_with(const std::string& questions, const std::string& languages = R"(["en"])") {
    std::string texts;
    std::string langs = languages;
    // Titles in every declared language, so only what a test changes is wrong.
    for (const char* code : {"en", "cy", "pl"}) {
        if (langs.find(std::string("\"") + code + "\"") != std::string::npos) {
            texts += std::string(texts.empty() ? "" : ", ") + "\"" + code + "\": \"x\"";
        }
    }
    return R"({"format": "standpoint-survey/1", "id": "t", "version": 1, "languages": )" +
           languages + R"(, "title": {)" + texts + R"(}, "intro": {)" + texts +
           R"(}, "thanks": {)" + texts + R"(}, "questions": )" + questions + "}";
}

std::string one_question(const std::string& question) { return survey_with("[" + question + "]"); }

const char* const smiley_q = R"({"id": "visit", "type": "smiley", "prompt": {"en": "How?"}})";

// `bytes` with the first `from` replaced by `to`; fails the test if `from` is not there.
std::string replaced(std::string bytes, const std::string& from, const std::string& to) {
    const auto at = bytes.find(from);
    REQUIRE(at != std::string::npos);
    return bytes.replace(at, from.size(), to);
}

std::vector<std::string> check(const std::string& bytes) { return check_survey(bytes, source); }

// True if one line contains every fragment.
bool has_line(const std::vector<std::string>& problems,
              std::initializer_list<std::string> fragments) {
    return std::any_of(problems.begin(), problems.end(), [&](const std::string& line) {
        return std::all_of(fragments.begin(), fragments.end(),
                           [&](const std::string& f) { return line.find(f) != std::string::npos; });
    });
}

std::string joined(const std::vector<std::string>& problems) {
    std::string out;
    for (const auto& p : problems) out += p + "\n";
    return out;
}

#define CHECK_PROBLEM(bytes, ...)                  \
    do {                                           \
        const auto problems_ = check(bytes);       \
        INFO(joined(problems_));                   \
        CHECK(has_line(problems_, {__VA_ARGS__})); \
    } while (false)

}  // namespace

// ---- good files -----------------------------------------------------------------------------

TEST_CASE("a minimal valid survey has no problems") {
    const auto problems = check(survey_with(std::string("[") + smiley_q + "]"));
    INFO(joined(problems));
    CHECK(problems.empty());
}

TEST_CASE("the demo survey parses with six questions and the agreed ids") {
    const std::string bytes = read_file_bytes(demo_path());
    const auto survey = parse_survey(bytes, "gala-feedback.json");
    REQUIRE_MESSAGE(survey.ok(), (survey.ok() ? std::string() : survey.error().message));
    CHECK(survey->id == "gala-feedback");
    CHECK(survey->version == 1);
    REQUIRE(survey->languages.size() >= 2);
    CHECK(survey->languages[0] == "en");
    CHECK(survey->languages[1] == "cy");
    CHECK_FALSE(survey->privacy_notice.empty());
    CHECK(survey->keeps_partial);
    REQUIRE(survey->questions.size() == 6);
    const std::vector<std::string> ids = {"visit",  "services", "recommend",
                                          "better", "age",      "postcode"};
    for (std::size_t i = 0; i < ids.size(); ++i) CHECK(survey->questions[i].id == ids[i]);
}

TEST_CASE("the demo survey's questions have the agreed types, options and limits") {
    const auto survey = parse_survey(read_file_bytes(demo_path()), "gala-feedback.json");
    REQUIRE(survey.ok());
    const auto& q = survey->questions;
    CHECK(q[0].type == QuestionType::smiley);
    CHECK(q[0].is_required);
    CHECK(q[1].type == QuestionType::multi);
    CHECK_FALSE(q[1].is_required);
    std::vector<std::string> services;
    for (const auto& o : q[1].options) services.push_back(o.id);
    CHECK(services == std::vector<std::string>{"library", "leisure", "parks", "recycling",
                                               "housing", "council_tax"});
    CHECK(q[2].type == QuestionType::scale);
    CHECK(q[2].is_required);
    CHECK(q[2].min_value == 0);
    CHECK(q[2].max_value == 10);
    CHECK_FALSE(q[2].min_label.empty());
    CHECK_FALSE(q[2].max_label.empty());
    CHECK(q[3].type == QuestionType::text);
    CHECK(q[3].max_length == 500);
    CHECK(q[4].type == QuestionType::single);
    CHECK(q[4].is_equality);
    std::vector<std::string> ages;
    for (const auto& o : q[4].options) ages.push_back(o.id);
    CHECK(ages == std::vector<std::string>{"under_16", "16_24", "25_44", "45_64", "65_74",
                                           "75_plus", "prefer_not"});
    CHECK(q[4].options.back().is_prefer_not_to_say);
    CHECK(q[5].type == QuestionType::text);
    CHECK(q[5].is_personal_data);
    CHECK(q[5].max_length == 4);
    CHECK(q[5].pattern == "^[A-Za-z]{1,2}[0-9][0-9A-Za-z]?$");
    CHECK_FALSE(q[5].pattern_hint.empty());
}

TEST_CASE("every text in the demo survey is there in every language it declares") {
    const auto survey = parse_survey(read_file_bytes(demo_path()), "gala-feedback.json");
    REQUIRE(survey.ok());
    for (const auto& language : survey->languages) {
        CHECK(survey->title.by_language.count(language) == 1);
        for (const auto& question : survey->questions) {
            CHECK(question.prompt.by_language.count(language) == 1);
            for (const auto& option : question.options)
                CHECK(option.label.by_language.count(language) == 1);
        }
    }
}

TEST_CASE("parse_survey records the SHA-256 of the exact bytes") {
    const std::string bytes = read_file_bytes(demo_path());
    const auto survey = parse_survey(bytes, "gala-feedback.json");
    REQUIRE(survey.ok());
    CHECK(survey->sha256 == sha256_hex(bytes));
    CHECK(survey->sha256.size() == 64);
}

TEST_CASE("parse_survey fills the documented defaults") {
    const auto survey = parse_survey(survey_with(R"([
        {"id": "a", "type": "smiley", "prompt": {"en": "a"}},
        {"id": "b", "type": "stars", "prompt": {"en": "b"}},
        {"id": "c", "type": "scale", "prompt": {"en": "c"}},
        {"id": "d", "type": "text", "prompt": {"en": "d"}}])"),
                                     source);
    REQUIRE_MESSAGE(survey.ok(), (survey.ok() ? std::string() : survey.error().message));
    const auto& q = survey->questions;
    CHECK(q[0].min_value == 1);
    CHECK(q[0].max_value == 5);
    CHECK(q[1].min_value == 1);
    CHECK(q[1].max_value == 5);
    CHECK(q[2].min_value == 0);
    CHECK(q[2].max_value == 10);
    CHECK(q[3].max_length == 500);
    CHECK_FALSE(q[0].is_required);
    CHECK(survey->idle_timeout_s == 60);
    CHECK_FALSE(survey->keeps_partial);
    CHECK(survey->privacy_notice.empty());
}

TEST_CASE("parse_survey keeps show_if skip logic") {
    const auto survey = parse_survey(survey_with(R"([
        {"id": "happy", "type": "scale", "prompt": {"en": "a"}},
        {"id": "why", "type": "text", "prompt": {"en": "b"}, "show_if": {"question": "happy", "at_most": 6}}])"),
                                     source);
    REQUIRE_MESSAGE(survey.ok(), (survey.ok() ? std::string() : survey.error().message));
    REQUIRE(survey->questions[1].show_if.has_value());
    CHECK(survey->questions[1].show_if->question_id == "happy");
    CHECK(survey->questions[1].show_if->at_most == 6);
    CHECK_FALSE(survey->questions[1].show_if->at_least.has_value());
}

TEST_CASE("a UTF-8 byte order mark at the start is accepted") {
    CHECK(check("\xEF\xBB\xBF" + one_question(smiley_q)).empty());
}

TEST_CASE("every good-*.json example file is a valid survey") {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::string(STANDPOINT_SOURCE_DIR) + "/tests/data/surveys")) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("good-", 0) != 0) continue;
        ++count;
        const auto problems = check_survey(read_file_bytes(entry.path()), name);
        INFO(name << "\n" << joined(problems));
        CHECK(problems.empty());
    }
    CHECK(count >= 2);
}

// ---- bytes and syntax -----------------------------------------------------------------------

TEST_CASE("a JSON syntax error is reported with line and column") {
    // The trailing comma: the error is at the '}' on line 3, column 1.
    CHECK_PROBLEM("{\n  \"id\": \"x\",\n}", "t.json:3:1:", "JSON syntax error");
}

TEST_CASE("the column of a syntax error counts characters, not bytes") {
    // "é" and "ŵ" are two bytes each; the stray x is the 12th character on its line.
    CHECK_PROBLEM("{\"a\": \"éŵ\" x}", "t.json:1:12:");
}

TEST_CASE("a byte-order mark takes no column in a syntax error's place") {
    CHECK_PROBLEM("\xEF\xBB\xBF{\"a\" 1}", "t.json:1:6:");
}

TEST_CASE("a syntax error at the end of the file points after the last character") {
    CHECK_PROBLEM("{\n\"a\": [1, 2", "t.json:2:11:", "ends too early");
}

TEST_CASE("curly quotes pasted from a word processor get a hint") {
    CHECK_PROBLEM("{\"id\": \xE2\x80\x9Cx\xE2\x80\x9D}", "t.json:1:8:", "curly quotes");
}

TEST_CASE("a comment in the JSON gets a hint") {
    CHECK_PROBLEM("{\n  // note\n  \"id\": \"x\"}", "t.json:2:3:", "comments");
}

TEST_CASE("invalid UTF-8 is reported with line and column") {
    // 0xE9 is "é" in Latin-1, what a file saved as Windows-1252 holds.
    CHECK_PROBLEM("{\n  \"title\": \"Caf\xE9\"}", "t.json:2:16:", "not valid UTF-8");
}

TEST_CASE("overlong and surrogate UTF-8 encodings are refused") {
    CHECK_PROBLEM("{\"a\": \"\xC0\xAF\"}", "t.json:1:8:", "UTF-8");
    CHECK_PROBLEM("{\"a\": \"\xED\xA0\x80\"}", "t.json:1:8:", "UTF-8");
}

TEST_CASE("a file over 1 MiB is refused") {
    std::string big = one_question(smiley_q);
    big.append(1024 * 1024, ' ');
    CHECK_PROBLEM(big, "t.json:", "1 MiB");
}

TEST_CASE("nesting deeper than 32 is refused before parsing") {
    const std::string deep(200000, '[');
    const auto problems = check(deep);
    REQUIRE(problems.size() == 1);
    CHECK(has_line(problems, {"t.json:1:33:", "nested more than 32"}));
}

TEST_CASE("brackets inside strings do not count as nesting") {
    const std::string prompt = std::string(40, '[') + "\\\"" + std::string(40, '{');
    const auto problems = check(
        one_question(R"({"id": "a", "type": "smiley", "prompt": {"en": ")" + prompt + "\"}}"));
    INFO(joined(problems));
    CHECK(problems.empty());
}

TEST_CASE("an empty file is reported as empty") {
    CHECK_PROBLEM("", "t.json:", "empty");
    CHECK_PROBLEM(" \n\t\n", "t.json:", "empty");
}

TEST_CASE("a top level that is not an object is refused") {
    CHECK_PROBLEM("[1, 2]", "t.json:", "one JSON object", "a list");
}

TEST_CASE("a name that appears twice in one block is reported") {
    CHECK_PROBLEM(
        one_question(R"({"id": "a", "type": "smiley", "type": "stars", "prompt": {"en": "a"}})"),
        "t.json:", "\"type\" appears twice");
}

// ---- top level ------------------------------------------------------------------------------

TEST_CASE("a missing format marker is reported") {
    const std::string bytes =
        replaced(one_question(smiley_q), R"("format": "standpoint-survey/1", )", "");
    CHECK_PROBLEM(bytes, "t.json: \"format\" is missing");
}

TEST_CASE("a wrong format marker is reported") {
    const std::string bytes =
        replaced(one_question(smiley_q), "standpoint-survey/1", "standpoint-survey/2");
    CHECK_PROBLEM(bytes, "t.json: \"format\" is \"standpoint-survey/2\"", "cannot read");
}

TEST_CASE("a missing survey id is reported") {
    const std::string bytes = replaced(one_question(smiley_q), R"("id": "t", )", "");
    CHECK_PROBLEM(bytes, "t.json: \"id\" is missing");
}

TEST_CASE("a survey id with spaces is refused") {
    const std::string bytes =
        replaced(one_question(smiley_q), R"("id": "t")", R"("id": "gala day")");
    CHECK_PROBLEM(bytes, "t.json: \"id\" \"gala day\" is not a valid id");
}

TEST_CASE("a missing version is reported") {
    const std::string bytes = replaced(one_question(smiley_q), R"("version": 1, )", "");
    CHECK_PROBLEM(bytes, "t.json: \"version\" is missing");
}

TEST_CASE("a version that is not a whole number is reported") {
    const std::string bytes =
        replaced(one_question(smiley_q), R"("version": 1)", R"("version": "1")");
    CHECK_PROBLEM(bytes, "t.json: \"version\" must be a whole number", "not a text");
}

TEST_CASE("missing languages are reported") {
    const std::string bytes = replaced(one_question(smiley_q), R"("languages": ["en"], )", "");
    CHECK_PROBLEM(bytes, "t.json: \"languages\" is missing");
}

TEST_CASE("a bad language code is reported") {
    CHECK_PROBLEM(survey_with(std::string("[") + smiley_q + "]", R"(["en", "Welsh"])"),
                  "t.json:", "\"Welsh\"", "not a language code");
}

TEST_CASE("a language listed twice is reported") {
    CHECK_PROBLEM(survey_with(std::string("[") + smiley_q + "]", R"(["en", "en"])"),
                  "t.json:", "\"en\" twice");
}

TEST_CASE("an idle timeout outside 10 to 600 seconds is reported") {
    const std::string bytes =
        replaced(one_question(smiley_q), R"("version": 1)", R"("version": 1, "idle_timeout_s": 5)");
    CHECK_PROBLEM(bytes, "t.json: \"idle_timeout_s\" must be from 10 to 600, not 5");
}

TEST_CASE("an unknown top-level name is reported with a suggestion") {
    const std::string bytes =
        replaced(one_question(smiley_q), R"("version": 1)", R"("version": 1, "keep_partal": true)");
    CHECK_PROBLEM(bytes, "t.json: unknown name \"keep_partal\"", "did you mean \"keep_partial\"");
}

TEST_CASE("a survey without questions is reported") {
    CHECK_PROBLEM(survey_with("[]"), "t.json: the survey has no questions");
}

TEST_CASE("a survey with no questions list is reported") {
    const std::string bytes = replaced(survey_with("[]"), R"(, "questions": [])", "");
    CHECK_PROBLEM(bytes, "t.json: there is no \"questions\" list");
}

TEST_CASE("a title missing in a declared language names the language") {
    const std::string bytes =
        replaced(survey_with(R"([{"id": "a", "type": "smiley", "prompt": {"en": "a", "cy": "a"}}])",
                             R"(["en", "cy"])"),
                 R"("title": {"en": "x", "cy": "x"})", R"("title": {"en": "x"})");
    CHECK_PROBLEM(bytes, "t.json: the survey has no title in 'cy'");
}

// ---- questions ------------------------------------------------------------------------------

TEST_CASE("duplicate question ids are reported") {
    CHECK_PROBLEM(survey_with(std::string("[") + smiley_q + ", " + smiley_q + "]"),
                  "t.json: question 'visit':", "already has the id");
}

TEST_CASE("a question without an id is named by its position") {
    CHECK_PROBLEM(
        survey_with(std::string("[") + smiley_q + R"(, {"type": "yesno", "prompt": {"en": "b"}}])"),
        "t.json: question 2: \"id\" is missing");
}

TEST_CASE("an unknown question type is reported") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "slider", "prompt": {"en": "a"}})"),
                  "t.json: question 'a':", "unknown type \"slider\"");
}

TEST_CASE("a missing question type is reported") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "prompt": {"en": "a"}})"),
                  "t.json: question 'a': \"type\" is missing");
}

TEST_CASE("a single-choice question without options is reported") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "single", "prompt": {"en": "a"}})"),
                  "t.json: question 'a':", "needs \"options\"");
}

TEST_CASE("a multi-choice question without options is reported") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "multi", "prompt": {"en": "a"}})"),
                  "t.json: question 'a':", "needs \"options\"");
}

TEST_CASE("a choice question with one option is reported") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "single", "prompt": {"en": "a"},
                                   "options": [{"id": "x", "label": {"en": "x"}}]})"),
                  "t.json: question 'a':", "at least 2");
}

TEST_CASE("duplicate option ids are reported") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "single", "prompt": {"en": "a"}, "options": [
                                   {"id": "x", "label": {"en": "x"}}, {"id": "x", "label": {"en": "y"}}]})"),
                  "t.json: question 'a': two options have the id 'x'");
}

TEST_CASE("an option label missing in a declared language names question, option and language") {
    const auto problems =
        check(survey_with(R"([{"id": "age", "type": "single", "prompt": {"en": "a", "cy": "a"},
        "options": [{"id": "x", "label": {"en": "x"}}, {"id": "y", "label": {"en": "y", "cy": "y"}}]}])",
                          R"(["en", "cy"])"));
    INFO(joined(problems));
    CHECK(has_line(problems, {"t.json: question 'age': option 'x' has no label in 'cy'"}));
}

TEST_CASE("a prompt missing in a declared language names the question and language") {
    CHECK_PROBLEM(survey_with(R"([{"id": "age", "type": "yesno", "prompt": {"en": "a"}}])",
                              R"(["en", "cy"])"),
                  "t.json: question 'age' has no prompt in 'cy'");
}

TEST_CASE("a missing prompt is reported") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "yesno"})"),
                  "t.json: question 'a' has no \"prompt\"");
}

TEST_CASE("an empty text is reported") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "yesno", "prompt": {"en": "  "}})"),
                  "t.json: question 'a'", "prompt in 'en' is empty");
}

TEST_CASE("a text in a language the survey does not declare is reported") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "yesno", "prompt": {"en": "a", "fr": "a"}})"),
                  "t.json: question 'a'", "\"fr\", which is not in \"languages\"");
}

TEST_CASE("a prompt that is a plain string instead of one per language is reported") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "yesno", "prompt": "Hello?"})"),
                  "t.json: question 'a':", "\"prompt\" must be a block with one text per language");
}

TEST_CASE("a misspelt question field is reported with a suggestion") {
    CHECK_PROBLEM(
        one_question(R"({"id": "a", "type": "yesno", "requried": true, "prompt": {"en": "a"}})"),
        "t.json: question 'a': unknown name \"requried\"", "did you mean \"required\"");
}

TEST_CASE("a misspelt question field is reported even when the type is unknown") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "slider", "promt": {"en": "a"}})"),
                  "t.json: question 'a': unknown name \"promt\"", "did you mean \"prompt\"");
}

TEST_CASE("a misspelt option field is reported") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "single", "prompt": {"en": "a"}, "options": [
                                   {"id": "x", "lable": {"en": "x"}}, {"id": "y", "label": {"en": "y"}}]})"),
                  "t.json: question 'a': option 'x': unknown name \"lable\"");
}

TEST_CASE("a field that belongs to another question type is reported") {
    CHECK_PROBLEM(
        one_question(R"({"id": "a", "type": "text", "prompt": {"en": "a"}, "options": []})"),
        "t.json: question 'a': \"options\" is not used by a text question");
}

TEST_CASE("a required flag that is not true or false is reported") {
    CHECK_PROBLEM(
        one_question(R"({"id": "a", "type": "yesno", "required": "yes", "prompt": {"en": "a"}})"),
        "t.json: question 'a': \"required\" must be true or false", "not a text");
}

TEST_CASE("an info question cannot be required") {
    CHECK_PROBLEM(
        one_question(R"({"id": "a", "type": "info", "required": true, "prompt": {"en": "a"}})"),
        "t.json: question 'a':", "cannot be \"required\"");
}

TEST_CASE("a scale whose min is not below its max is reported") {
    CHECK_PROBLEM(
        one_question(R"({"id": "a", "type": "scale", "min": 5, "max": 5, "prompt": {"en": "a"}})"),
        "t.json: question 'a':", "\"min\" below \"max\"");
}

TEST_CASE("a scale with more than 11 points is reported") {
    CHECK_PROBLEM(
        one_question(
            R"({"id": "a", "type": "scale", "min": 0, "max": 100, "prompt": {"en": "a"}})"),
        "t.json: question 'a':", "2 to 11 points");
}

TEST_CASE("a number question whose min is above its max is reported") {
    CHECK_PROBLEM(
        one_question(
            R"({"id": "a", "type": "number", "min": 10, "max": 1, "prompt": {"en": "a"}})"),
        "t.json: question 'a': \"min\" (10) is above \"max\" (1)");
}

TEST_CASE("a stars max outside 2 to 10 is reported") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "stars", "max": 50, "prompt": {"en": "a"}})"),
                  "t.json: question 'a': \"max\" must be from 2 to 10");
}

TEST_CASE("a min with a fraction is reported as a wrong type") {
    CHECK_PROBLEM(
        one_question(R"({"id": "a", "type": "number", "min": 0.5, "prompt": {"en": "a"}})"),
        "t.json: question 'a': \"min\" must be a whole number", "fraction");
}

TEST_CASE("max_choices above the number of options is reported") {
    CHECK_PROBLEM(
        one_question(
            R"({"id": "a", "type": "multi", "max_choices": 3, "prompt": {"en": "a"}, "options": [
                                   {"id": "x", "label": {"en": "x"}}, {"id": "y", "label": {"en": "y"}}]})"),
        "t.json: question 'a': \"max_choices\" must be from 1 to 2, not 3");
}

TEST_CASE("max_choices of zero is reported") {
    CHECK_PROBLEM(
        one_question(
            R"({"id": "a", "type": "multi", "max_choices": 0, "prompt": {"en": "a"}, "options": [
                                   {"id": "x", "label": {"en": "x"}}, {"id": "y", "label": {"en": "y"}}]})"),
        "t.json: question 'a': \"max_choices\" must be from 1 to 2, not 0");
}

TEST_CASE("a text max_length of zero is reported") {
    CHECK_PROBLEM(
        one_question(R"({"id": "a", "type": "text", "max_length": 0, "prompt": {"en": "a"}})"),
        "t.json: question 'a': \"max_length\" must be from 1 to 5000");
}

TEST_CASE("an invalid regex pattern is reported") {
    CHECK_PROBLEM(
        one_question(R"({"id": "a", "type": "text", "pattern": "[A-Z", "pattern_hint": {"en": "h"},
                                   "prompt": {"en": "a"}})"),
        "t.json: question 'a': \"pattern\" cannot be used");
}

TEST_CASE("check-survey refuses a pattern RE2 cannot run, in one message naming the question") {
    // std::regex took both; RE2 has no backreferences or lookaround (that is what keeps it linear).
    for (const char* pattern : {R"((a)\\1)", R"(^(?=[A-Z]).*$)", R"(^(?!x)[a-z]+$)"}) {
        CAPTURE(pattern);
        const std::string question =
            std::string(R"({"id": "postcode", "type": "text", "pattern": ")") + pattern +
            R"(", "pattern_hint": {"en": "h"}, "prompt": {"en": "a"}})";
        const auto checked = check(one_question(question));
        REQUIRE(checked.size() == 1);
        CHECK(checked[0].find("t.json: question 'postcode': \"pattern\" cannot be used") == 0);
    }
}

TEST_CASE("a pattern with huge repeat counts is refused") {
    CHECK_PROBLEM(
        one_question(
            R"({"id": "a", "type": "text", "pattern": "[0-9]{100000}", "pattern_hint": {"en": "h"},
                                   "prompt": {"en": "a"}})"),
        "t.json: question 'a': \"pattern\" repeats too much");
}

TEST_CASE("an empty pattern is reported") {
    CHECK_PROBLEM(
        one_question(R"({"id": "a", "type": "text", "pattern": "", "pattern_hint": {"en": "h"},
                                   "prompt": {"en": "a"}})"),
        "t.json: question 'a': \"pattern\" is empty");
}

TEST_CASE("a pattern without a pattern_hint is reported") {
    CHECK_PROBLEM(
        one_question(
            R"({"id": "a", "type": "text", "pattern": "^[0-9]+$", "prompt": {"en": "a"}})"),
        "t.json: question 'a':", "needs a \"pattern_hint\"");
}

TEST_CASE("only one option can be prefer not to say") {
    CHECK_PROBLEM(one_question(R"({"id": "a", "type": "single", "prompt": {"en": "a"}, "options": [
                                   {"id": "x", "label": {"en": "x"}, "prefer_not_to_say": true},
                                   {"id": "y", "label": {"en": "y"}, "prefer_not_to_say": true}]})"),
                  "t.json: question 'a': only one option");
}

// ---- show_if --------------------------------------------------------------------------------

const char* const yes_q = R"({"id": "used", "type": "yesno", "prompt": {"en": "a"}})";

TEST_CASE("show_if pointing at a later question is reported") {
    CHECK_PROBLEM(survey_with(R"([{"id": "why", "type": "text", "prompt": {"en": "b"},
                                   "show_if": {"question": "used", "any_of": ["yes"]}}, )" +
                              std::string(yes_q) + "]"),
                  "t.json: question 'why': show_if: points at 'used', which comes later");
}

TEST_CASE("show_if pointing at an unknown question is reported") {
    CHECK_PROBLEM(
        survey_with("[" + std::string(yes_q) +
                    R"(, {"id": "why", "type": "text", "prompt": {"en": "b"},
                                   "show_if": {"question": "usde"}}])"),
        "t.json: question 'why': show_if: points at 'usde', but there is no question with that id");
}

TEST_CASE("show_if pointing at its own question is reported") {
    CHECK_PROBLEM(
        one_question(
            R"({"id": "why", "type": "yesno", "prompt": {"en": "b"}, "show_if": {"question": "why"}})"),
        "t.json: question 'why': show_if: points at this question itself");
}

TEST_CASE("show_if any_of on a question without options is reported") {
    CHECK_PROBLEM(survey_with("[" + std::string(smiley_q) +
                              R"(, {"id": "why", "type": "text", "prompt": {"en": "b"},
                                   "show_if": {"question": "visit", "any_of": ["1"]}}])"),
                  "t.json: question 'why': show_if: \"any_of\" needs a question with options");
}

TEST_CASE("show_if any_of naming an option the question does not have is reported") {
    CHECK_PROBLEM(
        survey_with(R"([{"id": "pick", "type": "single", "prompt": {"en": "a"}, "options": [
                                   {"id": "x", "label": {"en": "x"}}, {"id": "y", "label": {"en": "y"}}]},
                                  {"id": "why", "type": "text", "prompt": {"en": "b"},
                                   "show_if": {"question": "pick", "any_of": ["z"]}}])"),
        "t.json: question 'why': show_if: \"any_of\" has 'z', which is not an option of 'pick'");
}

TEST_CASE("show_if any_of on a yes/no question accepts only yes and no") {
    CHECK_PROBLEM(
        survey_with("[" + std::string(yes_q) +
                    R"(, {"id": "why", "type": "text", "prompt": {"en": "b"},
                                   "show_if": {"question": "used", "any_of": ["true"]}}])"),
        "t.json: question 'why': show_if: \"any_of\" has 'true', which is not \"yes\" or \"no\"");
}

TEST_CASE("show_if bounds on a non-numeric question are reported") {
    CHECK_PROBLEM(survey_with("[" + std::string(yes_q) +
                              R"(, {"id": "why", "type": "text", "prompt": {"en": "b"},
                                   "show_if": {"question": "used", "at_least": 1}}])"),
                  "t.json: question 'why': show_if: \"at_least\" needs a numeric question");
}

TEST_CASE("show_if bounds outside the question's range are reported") {
    CHECK_PROBLEM(survey_with("[" + std::string(smiley_q) +
                              R"(, {"id": "why", "type": "text", "prompt": {"en": "b"},
                                   "show_if": {"question": "visit", "at_most": 9}}])"),
                  "t.json: question 'why': show_if: \"at_most\" must be from 1 to 5, not 9");
}

TEST_CASE("a misspelt show_if field is reported") {
    CHECK_PROBLEM(survey_with("[" + std::string(yes_q) +
                              R"(, {"id": "why", "type": "text", "prompt": {"en": "b"},
                                   "show_if": {"question": "used", "anyof": ["yes"]}}])"),
                  "t.json: question 'why': show_if: unknown name \"anyof\"",
                  "did you mean \"any_of\"");
}

// ---- reporting ------------------------------------------------------------------------------

TEST_CASE("every problem in a file is reported, one line each") {
    const auto problems = check(survey_with(R"([
        {"id": "a", "type": "slider", "prompt": {"en": "a"}},
        {"id": "a", "type": "yesno", "requried": true, "prompt": {"en": "b"}},
        {"id": "c", "type": "single", "prompt": {"en": "c"}}])"));
    INFO(joined(problems));
    CHECK(problems.size() == 4);
    CHECK(has_line(problems, {"unknown type"}));
    CHECK(has_line(problems, {"already has the id"}));
    CHECK(has_line(problems, {"requried"}));
    CHECK(has_line(problems, {"question 'c'", "options"}));
    for (const auto& line : problems) CHECK(line.find('\n') == std::string::npos);
}

TEST_CASE("messages use the source name as given") {
    const auto problems = check_survey("[]", "surveys/gala.json");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].rfind("surveys/gala.json: ", 0) == 0);
}

TEST_CASE("parse_survey's error holds every problem, one per line") {
    const auto bytes = survey_with(R"([{"id": "a", "type": "slider", "prompt": {"en": "a"}},
                                       {"id": "b", "type": "single", "prompt": {"en": "b"}}])");
    const auto survey = parse_survey(bytes, source);
    REQUIRE_FALSE(survey.ok());
    std::string expected;
    for (const auto& line : check(bytes)) expected += (expected.empty() ? "" : "\n") + line;
    CHECK(survey.error().message == expected);
    CHECK(std::count(expected.begin(), expected.end(), '\n') == 1);
}

TEST_CASE("every bad-*.json example file fails with a message naming the file") {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::string(STANDPOINT_SOURCE_DIR) + "/tests/data/surveys")) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("bad-", 0) != 0) continue;
        ++count;
        const auto problems = check_survey(read_file_bytes(entry.path()), name);
        INFO(name << "\n" << joined(problems));
        REQUIRE_FALSE(problems.empty());
        for (const auto& line : problems) CHECK(line.rfind(name + ":", 0) == 0);
        CHECK_FALSE(parse_survey(read_file_bytes(entry.path()), name).ok());
    }
    CHECK(count >= 8);
}

TEST_CASE("random byte mutations of the demo survey never crash the checker") {
    const std::string demo = read_file_bytes(demo_path());
    REQUIRE_FALSE(demo.empty());
    std::mt19937 random(20261123);  // seeded: a failure reproduces
    std::uniform_int_distribution<std::size_t> position(0, demo.size() - 1);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> edits(1, 8);
    std::uniform_int_distribution<int> kind(0, 2);
    const std::string interesting = "{}[]\",:\\0-e9";
    int rejected = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string bytes = demo;
        for (int e = edits(random); e > 0; --e) {
            const std::size_t at = position(random) % bytes.size();
            switch (kind(random)) {
                case 0:
                    bytes[at] = static_cast<char>(byte(random));
                    break;
                case 1:
                    bytes[at] =
                        interesting[static_cast<std::size_t>(byte(random)) % interesting.size()];
                    break;
                default:
                    bytes.erase(at, 1 + static_cast<std::size_t>(byte(random)) % 16);
                    break;
            }
            if (bytes.empty()) bytes = "{";
        }
        const auto problems = check_survey(bytes, "fuzz.json");
        for (const auto& line : problems) REQUIRE(line.rfind("fuzz.json:", 0) == 0);
        const auto parsed = parse_survey(bytes, "fuzz.json");
        REQUIRE(parsed.ok() == problems.empty());
        if (!problems.empty()) ++rejected;
    }
    // Most mutations break something; if none did, the mutator is not mutating.
    CHECK(rejected > 1000);
}

// ---- thank-you screen extras (docs/survey-format.md: you_said_we_did, more_info_url) ----------

namespace {
std::string with_top_level(const std::string& fields) {
    return replaced(survey_with(std::string("[") + smiley_q + "]"), R"("questions":)",
                    fields + R"(, "questions":)");
}
}  // namespace

TEST_CASE("you_said_we_did and more_info_url are loaded when present") {
    const auto survey = parse_survey(
        with_top_level(R"("you_said_we_did": {"en": "You said: more benches. We did: 12 new."},
                          "more_info_url": "https://example.org/ysww")"),
        source);
    REQUIRE_MESSAGE(survey.ok(), (survey.ok() ? std::string() : survey.error().message));
    CHECK(survey->you_said_we_did.in("en") == "You said: more benches. We did: 12 new.");
    CHECK(survey->more_info_url == "https://example.org/ysww");
}

TEST_CASE("a survey without you_said_we_did or more_info_url has neither") {
    const auto survey = parse_survey(survey_with(std::string("[") + smiley_q + "]"), source);
    REQUIRE(survey.ok());
    CHECK(survey->you_said_we_did.empty());
    CHECK(survey->more_info_url.empty());
}

TEST_CASE("you_said_we_did needs every declared language") {
    const std::string bytes = replaced(
        survey_with(std::string("[") +
                        R"({"id": "visit", "type": "smiley", "prompt": {"en": "H", "cy": "H"}})" +
                        "]",
                    R"(["en", "cy"])"),
        R"("questions":)", R"("you_said_we_did": {"en": "We did"}, "questions":)");
    CHECK_PROBLEM(bytes, "you_said_we_did", "cy");
}

TEST_CASE("more_info_url must be an https address") {
    CHECK_PROBLEM(with_top_level(R"("more_info_url": "http://example.org")"), "more_info_url",
                  "https://");
    CHECK_PROBLEM(with_top_level(R"("more_info_url": "example.org")"), "more_info_url", "https://");
    CHECK_PROBLEM(with_top_level(R"("more_info_url": "https://")"), "more_info_url", "https://");
}

TEST_CASE("more_info_url with a space or a non-ASCII letter is refused with the fix") {
    CHECK_PROBLEM(with_top_level(R"("more_info_url": "https://example.org/a b")"), "more_info_url",
                  "%20");
    CHECK_PROBLEM(with_top_level(R"("more_info_url": "https://example.org/ŵ")"), "more_info_url",
                  "%20");
}

TEST_CASE("more_info_url that is not text, or too long for a readable QR code, is refused") {
    CHECK_PROBLEM(with_top_level(R"("more_info_url": 42)"), "more_info_url", "in quotes");
    CHECK_PROBLEM(with_top_level(R"("more_info_url": "https://example.org/)" +
                                 std::string(250, 'a') + "\""),
                  "more_info_url", "at most 200");
}

TEST_CASE("the demo survey has a you-said-we-did message and an https page for its QR code") {
    const auto survey = parse_survey(read_file_bytes(demo_path()), "gala-feedback.json");
    REQUIRE(survey.ok());
    for (const std::string& language : survey->languages)
        CHECK_MESSAGE(survey->you_said_we_did.by_language.count(language) == 1, language);
    CHECK(survey->more_info_url.rfind("https://", 0) == 0);
}

}  // namespace standpoint

#include "kiosk/export/summary_html.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "kiosk/export/summary_markup.hpp"
#include "results_fixture.hpp"

using namespace standpoint;
using namespace standpoint::testing;

namespace {

const SummaryHeading heading{
    "gala-2026", "kiosk-03", "2026-11-23", "2026-11-23T18:02:11.000Z", false, {}, "", "", false};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

// What a reader sees: the text without the style sheet and the tags.
std::string visible_text(const std::string& html) {
    const std::string no_style = std::regex_replace(html, std::regex("<style>[^]*?</style>"), "");
    return std::regex_replace(no_style, std::regex("<[^>]*>"), " ");
}

// Every run of digits in `text`.
std::set<std::string> numbers_in(const std::string& text) {
    std::set<std::string> numbers;
    const std::regex digits("[0-9]+");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), digits);
         it != std::sregex_iterator(); ++it) {
        numbers.insert(it->str());
    }
    return numbers;
}

// The equality survey with groups 23, 41, `small` and `cover`: the small group is hidden, and
// the smallest other (cover) with it, since 83 minus the rest would give it back.
std::vector<Response> equality_responses(int small, int cover) {
    std::vector<Response> responses;
    add_choices(responses, "equality", "age", "young", 23);
    add_choices(responses, "equality", "age", "middle", 41);
    add_choices(responses, "equality", "age", "old", small);
    add_choices(responses, "equality", "age", "prefer_not", cover);
    // At 15:00, so that the hours chart's labels (15:00 to 20:00) hold no 7, 12, 3 or 16.
    for (auto& r : responses) r.completed_at = midnight_utc() + std::chrono::hours{15};
    return responses;
}

Survey equality_age_survey() { return equality_survey({"young", "middle", "old", "prefer_not"}); }

}  // namespace

TEST_CASE("summary.html is one self-contained UTF-8 document with no script or outside file") {
    const auto html = summary_html({summarise(every_type_survey(), {}, "en")}, heading);
    CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"en\"", 0) == 0);
    CHECK(contains(html, "<meta charset=\"utf-8\">"));
    CHECK(contains(html, "</html>"));
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "src="));
    CHECK_FALSE(contains(html, "href="));
    CHECK_FALSE(contains(html, "<link"));
    CHECK_FALSE(contains(html, "url("));
    CHECK_FALSE(contains(html, "@import"));
    CHECK(contains(html, "size: A4"));
}

TEST_CASE("one section per survey, each printed on a page of its own") {
    const auto every = summarise(every_type_survey(), {}, "en");
    const auto equality = summarise(equality_age_survey(), {}, "en");
    const auto html = summary_html({every, equality}, heading);
    CHECK(occurrences(html, "<section class=\"survey") == 2);
    CHECK(contains(html, "break-after: page"));
    CHECK(contains(html, ">Every type<"));
    CHECK(contains(html, ">Equality<"));
    CHECK(occurrences(html, "gala-2026") >= 2);  // the heading on every page
    CHECK(contains(summary_html({}, heading), "No responses"));
}

TEST_CASE("the heading, counts, hours and a chart per question are there") {
    std::vector<Response> responses;
    for (int i = 0; i < 12; ++i) {
        responses.push_back(response("every",
                                     {{"scale", NumberAnswer{10}},
                                      {"smiley", NumberAnswer{4}},
                                      {"single", ChoiceAnswer{"blue"}}},
                                     midnight_utc() + std::chrono::hours{14}, 60));
    }
    const auto html = summary_html({summarise(every_type_survey(), responses, "en")}, heading);
    const auto text = visible_text(html);
    for (const std::string part : {"gala-2026", "kiosk-03", "2026-11-23", "every (version 2)",
                                   "Responses by hour", "15:00", "Net Promoter Score", "+100",
                                   "Average", "Blue", "12 (100%)", "Not likely", "Very likely"}) {
        CAPTURE(part);
        CHECK(contains(text, part));
    }
    CHECK_FALSE(contains(text, "3.8"));  // guard: the smiley mean is 4.0, not the placeholder
    CHECK(contains(text, "4.0"));
    CHECK(occurrences(html, "<article class=\"question\">") == 9);  // info left out
    CHECK(occurrences(html, "<svg") >= 7);  // hours, 3 column charts, bars per choice row
}

TEST_CASE("the heading names the event and venue staff set, and counts by language") {
    std::vector<Response> responses;
    for (int i = 0; i < 5; ++i) {
        responses.push_back(response("every", {{"smiley", NumberAnswer{4}}}));
        responses.back().language = i < 3 ? "cy" : "en";
        if (i == 4) responses.back().status = ResponseStatus::partial;
    }
    const SurveyResults results = summarise(every_type_survey(), responses, "en");
    REQUIRE(results.by_language.size() == 2);
    CHECK(results.by_language[0].language == "en");  // the survey's order
    CHECK(results.by_language[0].complete == 1);
    CHECK(results.by_language[0].partial == 1);
    CHECK(results.by_language[1].complete == 3);

    SummaryHeading named = heading;
    named.event_name = "Summer Gala";
    named.venue = "Riverside Park";
    const std::string text = visible_text(summary_html({results}, named));
    CHECK(contains(text, "Summer Gala, Riverside Park (gala-2026)"));
    CHECK(contains(text, "English (en) 2 (1 complete, 1 partial)"));
    CHECK(contains(text, "Welsh (cy) 3 (3 complete, 0 partial)"));

    // No event chosen: the one event the responses are under, never "all events".
    SummaryHeading unchosen = heading;
    unchosen.event_id = "";
    unchosen.events = {"gala-2026"};
    CHECK(contains(visible_text(summary_html({results}, unchosen)), "gala-2026"));
    CHECK_FALSE(contains(visible_text(summary_html({results}, unchosen)), "all events"));
    unchosen.events = {"gala-2026", "fair-2026"};
    CHECK(contains(visible_text(summary_html({results}, unchosen)),
                   "2 events: gala-2026, fair-2026"));
}

TEST_CASE("survey text is escaped: a label cannot add a script or break out of an attribute") {
    Survey survey = every_type_survey();
    survey.title = text("<script>alert('title')</script>");
    survey.questions[5].options[0].label = text("<script>alert(1)</script>");
    survey.questions[5].prompt = text("\"><img onerror=alert(2)> & more");
    SummaryHeading hostile = heading;
    hostile.event_id = "</title><script>x()</script>";
    std::vector<Response> responses{response("every", {{"single", ChoiceAnswer{"red"}}})};
    const auto html = summary_html({summarise(survey, responses, "en")}, hostile);
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "<img"));
    CHECK(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(contains(html, "&quot;&gt;&lt;img onerror=alert(2)&gt; &amp; more"));
    CHECK(contains(html, "&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;"));
    CHECK(occurrences(html, "</title>") == 1);
}

TEST_CASE("Welsh, Polish and Urdu survey text survives, tagged with its language") {
    Survey survey = every_type_survey();
    survey.languages = {"en", "cy", "ur"};
    survey.title.by_language["ur"] = "ہمیں اپنی رائے بتائیں";
    survey.questions[5].prompt.by_language["ur"] = "آپ کی عمر کس گروپ میں آتی ہے؟";
    survey.questions[5].options[0].label.by_language["ur"] = "16 سال سے کم";
    survey.questions[5].options[1].label.by_language["cy"] = "Ym mha grŵp oedran?";
    survey.questions[5].options[1].label.by_language["ur"] = "Wolę nie podawać";  // Polish
    std::vector<Response> responses{response("every", {{"single", ChoiceAnswer{"red"}}})};

    const auto urdu = summary_html({summarise(survey, responses, "ur")}, heading);
    CHECK(contains(urdu, "ہمیں اپنی رائے بتائیں"));
    CHECK(contains(urdu, "آپ کی عمر کس گروپ میں آتی ہے؟"));
    CHECK(contains(urdu, "16 سال سے کم"));
    CHECK(contains(urdu, "Wolę nie podawać"));
    CHECK(contains(urdu, "lang=\"ur\" dir=\"auto\">آپ کی عمر"));

    const auto welsh = summary_html({summarise(survey, responses, "cy")}, heading);
    CHECK(contains(welsh, "lang=\"cy\" dir=\"auto\">Ym mha grŵp oedran?<"));
    CHECK(contains(welsh, ">Pob math<"));
}

TEST_CASE("a hidden group shows as '<10' and its number appears nowhere in the page") {
    const auto results = summarise(equality_age_survey(), equality_responses(7, 12), "en");
    const auto html = summary_html({results}, heading);
    const auto text = visible_text(html);
    CHECK(contains(text, "&lt;10"));
    CHECK(contains(text, "10+"));  // the complementary group, hidden so the 7 cannot be worked out
    const auto numbers = numbers_in(text);
    CHECK(numbers.count("23") == 1);
    CHECK(numbers.count("41") == 1);
    CHECK(numbers.count("83") == 1);  // answered and responses
    CHECK(numbers.count("7") == 0);
    CHECK(numbers.count("12") == 0);
    CHECK_FALSE(contains(text, "(8%)"));   // 7 of 83
    CHECK_FALSE(contains(text, "(14%)"));  // 12 of 83
}

TEST_CASE("the page is byte for byte the same whatever the hidden groups hold") {
    // 3 + 16 and 7 + 12: same total, both hidden, so nothing shown may differ.
    const auto three = summarise(equality_age_survey(), equality_responses(3, 16), "en");
    const auto seven = summarise(equality_age_survey(), equality_responses(7, 12), "en");
    for (const auto* results : {&three, &seven}) {
        const auto& age = result_of(*results, "age");
        CHECK(shown(age) == std::vector<std::string>{"23", "41", "<10", "10+"});
        for (const auto& count : age.counts) {
            CHECK(count.count != 3);
            CHECK(count.count != 7);
            CHECK(count.count != 12);
            CHECK(count.count != 16);
        }
    }
    CHECK(summary_html({three}, heading) == summary_html({seven}, heading));
}

TEST_CASE("markup helpers: escaping and numbers as a report writes them") {
    CHECK(escape_html("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
    CHECK(escape_html("Ym mha grŵp") == "Ym mha grŵp");
    CHECK(format_count(0) == "0");
    CHECK(format_count(999) == "999");
    CHECK(format_count(100000) == "100,000");
    CHECK(format_count(-1234567) == "-1,234,567");
    CHECK(format_count(std::numeric_limits<std::int64_t>::min()) == "-9,223,372,036,854,775,808");
    CHECK(format_decimal(3.75) == "3.8");
    CHECK(format_decimal(-0.04) == "0.0");
    CHECK(format_percent(1, 3) == "33%");
    CHECK(format_percent(2, 3) == "67%");
    CHECK(format_percent(5, 0) == "0%");
}

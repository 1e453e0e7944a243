// The console's pure parts: lockout, cookies, escaping in pages, times read back.
#include <doctest/doctest.h>

#include "sync/collector/console/console_pages.hpp"
#include "sync/collector/console/console_snapshot.hpp"
#include "sync/collector/console/login_rules.hpp"

using namespace standpoint;
using namespace standpoint::console;

TEST_CASE("an account locks after 5 wrong passwords: 30 s, doubling, at most 15 minutes") {
    CHECK_FALSE(lockout_after(4).has_value());
    CHECK(lockout_after(5) == std::chrono::seconds{30});
    CHECK(lockout_after(6) == std::chrono::seconds{60});
    CHECK(lockout_after(9) == std::chrono::seconds{480});
    CHECK(lockout_after(10) == std::chrono::seconds{900});
    CHECK(lockout_after(1000) == std::chrono::seconds{900});
}

TEST_CASE("passwords have 10 to 1024 bytes; user names are plain") {
    CHECK_FALSE(password_problem("short").empty());
    CHECK(password_problem("long enough!").empty());
    CHECK_FALSE(password_problem(std::string(1025, 'x')).empty());
    CHECK(is_valid_user_name("ann.jones@council"));
    CHECK_FALSE(is_valid_user_name(""));
    CHECK_FALSE(is_valid_user_name("ann jones"));
    CHECK_FALSE(is_valid_user_name("<script>"));
    CHECK_FALSE(is_valid_user_name(std::string(65, 'a')));
}

TEST_CASE("cookies are HttpOnly and SameSite=Strict, Secure only behind TLS") {
    CHECK(set_cookie_header("s", "abc", false) == "s=abc; Path=/; HttpOnly; SameSite=Strict");
    CHECK(set_cookie_header("s", "abc", true) ==
          "s=abc; Path=/; HttpOnly; SameSite=Strict; Secure");
    CHECK(clear_cookie_header("s", false).ends_with("; Max-Age=0"));
}

TEST_CASE("a cookie is read by its exact name, and one sent twice counts as absent") {
    CHECK(cookie_value("a=1; standpoint_session=xyz; b=2", "standpoint_session") == "xyz");
    CHECK(cookie_value("xstandpoint_session=1", "standpoint_session").empty());
    CHECK(cookie_value("standpoint_session=planted; standpoint_session=real", "standpoint_session")
              .empty());
    CHECK(cookie_value("", "standpoint_session").empty());
}

TEST_CASE("secrets compare equal only when every byte is") {
    CHECK(same_secret("abc", "abc"));
    CHECK_FALSE(same_secret("abc", "abd"));
    CHECK_FALSE(same_secret("abc", "ab"));
    CHECK_FALSE(same_secret("", "a"));
}

TEST_CASE("format_utc text reads back to the same time") {
    const TimePoint time = parse_utc_text("2026-11-23T14:05:09.123Z");
    CHECK(format_utc(time) == "2026-11-23T14:05:09.123Z");
    CHECK(parse_utc_text("not a time") == TimePoint{});
}

TEST_CASE("event ids and kiosk names reach the events page as text, never as markup") {
    const Viewer viewer{"ann", Role::viewer, "token"};
    const std::vector<EventKioskCount> counts{
        {"<script>alert(1)</script>", "0190a1b2-c3d4-7e5f-9a6b-000000000001",
         "\"><img src=x onerror=alert(2)>", 3, "2026-11-23T14:05:09.123Z"}};
    const std::string html = events_page(viewer, counts);
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;") != std::string::npos);
    // The event id travels in links percent-encoded.
    CHECK(html.find("/results?event=%3Cscript%3Ealert%281%29%3C%2Fscript%3E") != std::string::npos);
}

TEST_CASE("a viewer's page offers no admin links; an admin's does") {
    const std::string viewer_page = events_page({"v", Role::viewer, "t"}, {});
    const std::string admin_page = events_page({"a", Role::admin, "t"}, {});
    CHECK(viewer_page.find("href=\"/kiosks\"") == std::string::npos);
    CHECK(admin_page.find("href=\"/kiosks\"") != std::string::npos);
}

TEST_CASE("every form on a page carries the session's CSRF token") {
    KiosksView view;
    view.kiosks.push_back({"k1", "", "", "", 0, 0, 0});
    const std::string html = kiosks_page({"a", Role::admin, "csrf123"}, view);
    std::size_t forms = 0, tokens = 0;
    for (std::size_t at = html.find("<form"); at != std::string::npos;
         at = html.find("<form", at + 1))
        ++forms;
    for (std::size_t at = html.find("name=\"csrf\" value=\"csrf123\""); at != std::string::npos;
         at = html.find("name=\"csrf\" value=\"csrf123\"", at + 1)) {
        ++tokens;
    }
    CHECK(forms == 4);  // sign out, add, rename, revoke
    CHECK(tokens == forms);
}

TEST_CASE("survey titles, prompts and option labels reach the results page as text") {
    ResultsView view;
    SurveyResults survey;
    survey.survey_id = "s\"><script>id</script>";
    survey.title = "<script>title</script>";
    survey.language = "en";
    QuestionResult question;
    question.question_id = "q";
    question.type = QuestionType::single;
    question.prompt = "<img src=x onerror=prompt(1)>";
    question.answered = 12;
    question.counts.push_back({"a", "\"><img src=x onerror=label(1)>", 12, false, false});
    survey.questions.push_back(question);
    view.results.push_back(survey);
    view.events.push_back("<b>event</b>");
    const std::string html = results_page({"v", Role::viewer, "t"}, view);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;title&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("&lt;img src=x onerror=prompt(1)&gt;") != std::string::npos);
}

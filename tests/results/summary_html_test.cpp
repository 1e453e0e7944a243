#include "kiosk/export/summary_html.hpp"

#include <doctest/doctest.h>

#include "results_fixture.hpp"

using namespace standpoint;
using namespace standpoint::testing;

TEST_CASE("summary.html is a UTF-8 HTML document") {
    const auto html = summary_html({summarise(every_type_survey(), {}, "en")}, SummaryHeading{});
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
}

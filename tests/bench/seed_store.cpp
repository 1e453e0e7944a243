// export_io_seed DATA_DIR SURVEY_FILE COUNT: fills a real kiosk store the way the kiosk does
// (remember_survey, then ResponseStore::save per response) with COUNT varied responses to the
// survey: languages en/cy/pl/ur in turn, every question type, multi-choice subsets, partial
// responses, two events over three days, and free text that tries formula injection, quotes,
// commas and newlines. Deterministic (a fixed seed), so a failing run can be repeated.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "kiosk/core/survey_loader.hpp"
#include "kiosk/store/response_store.hpp"

using namespace standpoint;

namespace {

const char* const texts[] = {
    "More benches, please, and \"shade\"\nby the stage",
    "Mwy o feinciau, os gwelwch yn dda — diolch! Ŵ ŷ",
    "Więcej ławek, proszę; zażółć gęślą jaźń",
    "براہ کرم پارک میں مزید بینچ لگائیں، شکریہ",
    "=HYPERLINK(\"http://example.com\",\"click\")",
    "+44 29 2087 2087",
    "-1+2",
    "@SUM(A1:A9)",
    "\tstarts with a tab",
    "\rstarts with a carriage return",
    "ends with a comma,",
    "a line\r\nand another, with \"quotes\"",
};
const char* const languages[] = {"en", "cy", "pl", "ur"};
const char* const services[] = {"library",   "leisure", "parks",
                                "recycling", "housing", "council_tax"};
const char* const ages[] = {"under_16", "16_24",   "25_44",     "45_64",
                            "65_74",    "75_plus", "prefer_not"};
const char* const postcodes[] = {"CF10", "SA1", "NP20", "LL57"};

Response make_response(int number, const Survey& survey, const std::string& device_id,
                       std::mt19937& random) {
    const auto pick = [&random](int count) {
        return static_cast<int>(random() % static_cast<unsigned>(count));
    };
    Response response;
    char id[40];
    std::snprintf(id, sizeof id, "0190f3b2-7c1a-7def-8abc-%012d", number);
    response.id = id;
    response.survey = SurveyRef{survey.id, survey.version, survey.sha256};
    response.event_id = number % 5 == 4 ? "winter-fair" : "summer-gala-2026";
    response.device_id = device_id;
    // 2026-11-21T09:00Z onwards, one every 60 s: a few thousand span three days.
    response.started_at = TimePoint{} + std::chrono::seconds(1795251600LL + number * 60LL);
    response.completed_at = response.started_at + std::chrono::milliseconds(20000 + pick(60000));
    response.utc_offset_minutes = 0;
    response.language = languages[number % 4];
    response.status = number % 17 == 16 ? ResponseStatus::partial : ResponseStatus::complete;

    response.answers["visit"] = NumberAnswer{1 + pick(5)};
    if (response.status == ResponseStatus::partial) return response;
    ChoicesAnswer chosen;
    for (const char* service : services)
        if (pick(3) == 0) chosen.option_ids.push_back(service);
    if (!chosen.option_ids.empty()) response.answers["services"] = chosen;
    response.answers["recommend"] = NumberAnswer{pick(11)};
    if (pick(3) != 0) response.answers["better"] = TextAnswer{texts[pick(12)]};
    if (pick(4) != 0) response.answers["age"] = ChoiceAnswer{ages[pick(7)]};
    if (pick(2) == 0) response.answers["postcode"] = TextAnswer{postcodes[pick(4)]};
    return response;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: export_io_seed DATA_DIR SURVEY_FILE COUNT\n");
        return 2;
    }
    std::ifstream in(argv[2], std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto survey = parse_survey(bytes, argv[2]);
    if (!survey) {
        std::fprintf(stderr, "%s\n", survey.error().message.c_str());
        return 1;
    }
    auto store = ResponseStore::open(argv[1]);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 1;
    }
    const SurveyRef ref{survey->id, survey->version, survey->sha256};
    if (auto kept = (*store)->remember_survey(ref, bytes); !kept) {
        std::fprintf(stderr, "%s\n", kept.error().message.c_str());
        return 1;
    }
    std::mt19937 random(20261123);
    const int count = std::atoi(argv[3]);
    for (int number = 0; number < count; ++number) {
        auto saved = (*store)->save(make_response(number, *survey, (*store)->device_id(), random));
        if (!saved) {
            std::fprintf(stderr, "%s\n", saved.error().message.c_str());
            return 1;
        }
    }
    return 0;
}

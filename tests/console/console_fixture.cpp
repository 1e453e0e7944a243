// Saves gala-survey responses into a kiosk data folder (a real kiosk store), for the console's
// browser test to sync with the real `standpoint sync --once`:
//   console_fixture DATA_DIR FIRST COUNT EVENT
// Prints the store's device id. The free-text answers carry markup that must reach a browser as
// text (`<script>`, `"><img onerror=...>`), Welsh and emoji; every third gives a postcode
// (personal data, never shown by the console).
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/core/sha256.hpp"
#include "kiosk/store/response_store.hpp"

using namespace standpoint;

namespace {

Answers answers_for(int n) {
    static const char* const texts[] = {
        "<script>window.__xss = 1</script>",
        "\"><img src=x onerror=\"window.__xss = 2\">",
        "Gwych! Diolch yn fawr \xe2\x80\x94 line one\nline two \xf0\x9f\x98\x80",
        "More benches, please; and shade",
    };
    static const char* const services[] = {"library", "leisure", "parks", "recycling", "housing"};
    static const char* const ages[] = {"16_24", "25_44", "45_64", "prefer_not"};
    Answers answers;
    answers["visit"] = NumberAnswer{n % 5 + 1};
    answers["recommend"] = NumberAnswer{n % 11};
    answers["better"] = TextAnswer{std::string(texts[n % 4]) + " #" + std::to_string(n)};
    answers["age"] = ChoiceAnswer{ages[n % 4]};
    std::vector<std::string> used;
    for (int i = 0; i < n % 4; ++i) used.push_back(services[(n + i) % 5]);
    if (!used.empty()) answers["services"] = ChoicesAnswer{used};
    if (n % 3 == 0) answers["postcode"] = TextAnswer{"CF10"};
    return answers;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: console_fixture DATA_DIR FIRST COUNT EVENT\n");
        return 2;
    }
    auto store = ResponseStore::open(argv[1]);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 1;
    }
    std::ifstream in(std::string(STANDPOINT_SOURCE_DIR) + "/assets/surveys/gala-feedback.json",
                     std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const SurveyRef survey{"gala-feedback", nlohmann::json::parse(bytes).at("version").get<int>(),
                           sha256_hex(bytes)};
    if (Status kept = (*store)->remember_survey(survey, bytes); !kept) {
        std::fprintf(stderr, "%s\n", kept.error().message.c_str());
        return 1;
    }
    const int first = std::stoi(argv[2]);
    const int count = std::stoi(argv[3]);
    for (int n = first; n < first + count; ++n) {
        char id[64];
        std::snprintf(id, sizeof id, "0190a1b2-c3d4-7e5f-9a6b-%012d", n);
        Response response;
        response.id = id;
        response.survey = survey;
        response.event_id = argv[4];
        response.device_id = (*store)->device_id();
        response.completed_at = Clock::now() - std::chrono::minutes(count - (n - first));
        response.started_at = response.completed_at - std::chrono::minutes(2);
        response.utc_offset_minutes = 60;
        response.language = n % 3 == 0 ? "cy" : "en";
        response.status = n % 7 == 0 ? ResponseStatus::partial : ResponseStatus::complete;
        response.answers = answers_for(n);
        if (auto saved = (*store)->save(response); !saved) {
            std::fprintf(stderr, "%s\n", saved.error().message.c_str());
            return 1;
        }
    }
    std::printf("%s\n", (*store)->device_id().c_str());
    return 0;
}

// Hand-built export snapshots for the export tests: two surveys (one in two versions) in English,
// Welsh, Polish and Urdu, with personal-data, equality, multi-choice and free-text questions, and
// answers that try formula injection. Everything is made here, in memory; no store.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kiosk/core/answer.hpp"
#include "kiosk/core/sha256.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/export/export_files.hpp"
#include "sync/protocol/sealed_box.hpp"

namespace standpoint::test {

// "library" version 2: the current survey. Languages en, cy, pl.
inline const std::string library_v2 = R"({
  "format": "standpoint-survey/1", "id": "library", "version": 2, "languages": ["en", "cy", "pl"],
  "title": {"en": "Your library", "cy": "Eich llyfrgell", "pl": "Twoja biblioteka"},
  "intro": {"en": "A minute.", "cy": "Munud.", "pl": "Minuta."},
  "thanks": {"en": "Thanks!", "cy": "Diolch!", "pl": "Dziękujemy!"},
  "keep_partial": true,
  "questions": [
    {"id": "intro_note", "type": "info", "prompt": {"en": "About you", "cy": "Amdanoch chi", "pl": "O tobie"}},
    {"id": "visit", "type": "smiley", "prompt": {"en": "How was your visit?", "cy": "Sut oedd eich ymweliad?", "pl": "Jak wizyta?"}},
    {"id": "recommend", "type": "scale", "min": 0, "max": 10, "prompt": {"en": "Recommend us?", "cy": "Argymell ni?", "pl": "Polecisz nas?"}},
    {"id": "first_time", "type": "yesno", "prompt": {"en": "First time?", "cy": "Tro cyntaf?", "pl": "Pierwszy raz?"}},
    {"id": "travel", "type": "single", "prompt": {"en": "How did you travel?", "cy": "Sut wnaethoch chi deithio?", "pl": "Jak dojechałeś?"},
     "options": [{"id": "walk", "label": {"en": "Walked", "cy": "Cerdded", "pl": "Pieszo"}},
                 {"id": "bus", "label": {"en": "Bus", "cy": "Bws", "pl": "Autobus"}},
                 {"id": "car", "label": {"en": "Car", "cy": "Car", "pl": "Samochód"}}]},
    {"id": "use", "type": "multi", "prompt": {"en": "What do you use?", "cy": "Beth ydych chi'n ei ddefnyddio?", "pl": "Z czego korzystasz?"},
     "options": [{"id": "books", "label": {"en": "Books", "cy": "Llyfrau", "pl": "Książki"}},
                 {"id": "events", "label": {"en": "Events", "cy": "Digwyddiadau", "pl": "Wydarzenia"}},
                 {"id": "computers", "label": {"en": "Computers", "cy": "Cyfrifiaduron", "pl": "Komputery"}}]},
    {"id": "household", "type": "number", "min": -100, "max": 100, "prompt": {"en": "A number", "cy": "Rhif", "pl": "Liczba"}},
    {"id": "comments", "type": "text", "max_length": 2000, "prompt": {"en": "Anything else?", "cy": "Unrhyw beth arall?", "pl": "Coś jeszcze?"}},
    {"id": "email", "type": "text", "personal_data": true, "prompt": {"en": "Your email", "cy": "Eich e-bost", "pl": "Twój e-mail"}},
    {"id": "age", "type": "single", "equality": true, "prompt": {"en": "Your age", "cy": "Eich oed", "pl": "Twój wiek"},
     "options": [{"id": "16_24", "label": {"en": "16-24", "cy": "16-24", "pl": "16-24"}},
                 {"id": "25_64", "label": {"en": "25-64", "cy": "25-64", "pl": "25-64"}},
                 {"id": "prefer_not", "prefer_not_to_say": true, "label": {"en": "Prefer not to say", "cy": "Gwell gennyf beidio â dweud", "pl": "Wolę nie mówić"}}]},
    {"id": "agree", "type": "consent", "prompt": {"en": "Contact me", "cy": "Cysylltwch â mi", "pl": "Skontaktuj się"}}
  ]
})";

// "library" version 1: no "household", "use" without "computers", "travel" worded differently.
inline const std::string library_v1 = R"({
  "format": "standpoint-survey/1", "id": "library", "version": 1, "languages": ["en", "cy", "pl"],
  "title": {"en": "Your library", "cy": "Eich llyfrgell", "pl": "Twoja biblioteka"},
  "intro": {"en": "A minute.", "cy": "Munud.", "pl": "Minuta."},
  "thanks": {"en": "Thanks!", "cy": "Diolch!", "pl": "Dziękujemy!"},
  "questions": [
    {"id": "visit", "type": "smiley", "prompt": {"en": "How was your visit?", "cy": "Sut oedd eich ymweliad?", "pl": "Jak wizyta?"}},
    {"id": "travel", "type": "single", "prompt": {"en": "How did you travel?", "cy": "Sut wnaethoch chi deithio?", "pl": "Jak dojechałeś?"},
     "options": [{"id": "walk", "label": {"en": "On foot", "cy": "Ar droed", "pl": "Pieszo"}},
                 {"id": "bus", "label": {"en": "Bus", "cy": "Bws", "pl": "Autobus"}}]},
    {"id": "use", "type": "multi", "prompt": {"en": "What do you use?", "cy": "Beth ydych chi'n ei ddefnyddio?", "pl": "Z czego korzystasz?"},
     "options": [{"id": "books", "label": {"en": "Books", "cy": "Llyfrau", "pl": "Książki"}},
                 {"id": "events", "label": {"en": "Events", "cy": "Digwyddiadau", "pl": "Wydarzenia"}}]},
    {"id": "comments", "type": "text", "prompt": {"en": "Anything else?", "cy": "Unrhyw beth arall?", "pl": "Coś jeszcze?"}},
    {"id": "email", "type": "text", "personal_data": true, "prompt": {"en": "Your email", "cy": "Eich e-bost", "pl": "Twój e-mail"}}
  ]
})";

// "fair": English and Urdu; shares the question id "comments" with "library".
inline const std::string fair_v1 = R"({
  "format": "standpoint-survey/1", "id": "fair", "version": 1, "languages": ["en", "ur"],
  "title": {"en": "The fair", "ur": "میلہ"},
  "intro": {"en": "Quick.", "ur": "جلدی۔"},
  "thanks": {"en": "Thanks!", "ur": "شکریہ!"},
  "questions": [
    {"id": "rating", "type": "stars", "prompt": {"en": "Rate the fair", "ur": "میلے کی درجہ بندی کریں"}},
    {"id": "comments", "type": "text", "prompt": {"en": "Comments", "ur": "تبصرے"}},
    {"id": "postcode", "type": "text", "personal_data": true, "prompt": {"en": "Postcode", "ur": "پوسٹ کوڈ"}}
  ]
})";

// The collector's key pair: exports that include personal data seal it to this.
inline const SealingKeyPair& collector_key() {
    static const SealingKeyPair pair = SealingKeyPair::generate().value();
    return pair;
}

// Options with personal data included, sealed to collector_key().
inline ExportOptions with_personal_data() {
    ExportOptions options;
    options.include_personal = true;
    options.collector_public_key = collector_key().public_key_hex();
    return options;
}

inline const std::string device = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

// Texts residents typed, including ones a spreadsheet would run as formulas.
inline const std::vector<std::string> resident_texts = {
    "Dŵr a ŷd, diolch yn fawr",      // Welsh
    "Zażółć gęślą jaźń, łódź żółw",  // Polish
    "بہت اچھا میلہ تھا، شکریہ",      // Urdu
    "=HYPERLINK(\"http://evil.example/\",\"click\")",
    "-1+2",
    "@SUM(A1)",
    "+44 20 7946 0000",
    "\tTabbed",
    "Linia pierwsza: zażółć\nłódź żółw, with \"quotes\"",  // Polish, two lines
    "Plain, with comma",
};

inline Survey parsed(const std::string& definition) {
    auto survey = parse_survey(definition, "test.json");
    if (!survey) {
        std::fprintf(stderr, "%s\n", survey.error().message.c_str());
        std::abort();
    }
    return std::move(survey).value();
}

inline StoredSurvey stored_survey(const std::string& definition) {
    const Survey survey = parsed(definition);
    return {{survey.id, survey.version, survey.sha256}, definition, "", ""};
}

inline std::string response_id(int number) {
    char text[40];
    std::snprintf(text, sizeof text, "01936b2e-0000-7000-8000-%012d", number);
    return text;
}

// 2026-11-23 10:00:00 UTC plus `seconds`.
inline TimePoint at(std::int64_t seconds) {
    return TimePoint{} + std::chrono::seconds(1795428000LL + seconds);
}

inline StoredResponse stored_response(std::int64_t seq, const StoredSurvey& survey, Answers answers,
                                      TimePoint completed_at,
                                      const std::string& event = "Gala 2026",
                                      const std::string& language = "en",
                                      int utc_offset_minutes = 0,
                                      ResponseStatus status = ResponseStatus::complete) {
    StoredResponse stored;
    stored.seq = seq;
    Response& response = stored.response;
    response.id = response_id(static_cast<int>(seq));
    response.survey = survey.ref;
    response.event_id = event;
    response.device_id = device;
    response.started_at = completed_at - std::chrono::seconds(75) - std::chrono::milliseconds(250);
    response.completed_at = completed_at;
    response.utc_offset_minutes = utc_offset_minutes;
    response.language = language;
    response.status = status;
    stored.answers_json = answers_to_json(answers).dump();
    stored.answers_sha256 = sha256_hex(stored.answers_json);
    response.answers = std::move(answers);
    return stored;
}

// The small snapshot most tests use: 6 responses over two surveys (library in two versions).
inline ExportSnapshot small_snapshot() {
    ExportSnapshot snapshot;
    snapshot.device_id = device;
    snapshot.taken_at = at(12 * 3600);
    snapshot.surveys = {stored_survey(library_v1), stored_survey(library_v2),
                        stored_survey(fair_v1)};
    const StoredSurvey& v1 = snapshot.surveys[0];
    const StoredSurvey& v2 = snapshot.surveys[1];
    const StoredSurvey& fair = snapshot.surveys[2];
    auto& responses = snapshot.responses;
    responses.push_back(stored_response(1, v1,
                                        {{"visit", NumberAnswer{4}},
                                         {"travel", ChoiceAnswer{"walk"}},
                                         {"use", ChoicesAnswer{{"books", "events"}}},
                                         {"comments", TextAnswer{resident_texts[0]}},
                                         {"email", TextAnswer{"ann@example.org"}}},
                                        at(0), "Gala 2026", "cy", 60));
    responses.push_back(stored_response(2, v2,
                                        {{"visit", NumberAnswer{5}},
                                         {"recommend", NumberAnswer{9}},
                                         {"first_time", YesNoAnswer{true}},
                                         {"travel", ChoiceAnswer{"walk"}},
                                         {"use", ChoicesAnswer{{"books", "computers"}}},
                                         {"household", NumberAnswer{-5}},
                                         {"comments", TextAnswer{resident_texts[3]}},
                                         {"email", TextAnswer{"=cmd|' /C calc'!A0"}},
                                         {"age", ChoiceAnswer{"25_64"}},
                                         {"agree", YesNoAnswer{false}}},
                                        at(600), "Gala 2026", "pl", 60));
    responses.push_back(stored_response(3, v2,
                                        {{"visit", NumberAnswer{2}},
                                         {"first_time", YesNoAnswer{false}},
                                         {"comments", TextAnswer{resident_texts[4]}},
                                         {"age", ChoiceAnswer{"prefer_not"}}},
                                        at(1200), "Gala 2026", "en", 60, ResponseStatus::partial));
    responses.push_back(stored_response(4, fair,
                                        {{"rating", NumberAnswer{5}},
                                         {"comments", TextAnswer{resident_texts[2]}},
                                         {"postcode", TextAnswer{"CF10"}}},
                                        at(1800), "Gala 2026", "ur", 60));
    responses.push_back(stored_response(5, v2,
                                        {{"visit", NumberAnswer{3}},
                                         {"comments", TextAnswer{resident_texts[5]}},
                                         {"use", ChoicesAnswer{{"events"}}},
                                         {"travel", ChoiceAnswer{"car"}}},
                                        at(2400), "Library Day", "en", 60));
    responses.push_back(stored_response(6, v2,
                                        {{"comments", TextAnswer{resident_texts[8]}},
                                         {"travel", ChoiceAnswer{"bus"}},
                                         {"household", NumberAnswer{7}}},
                                        at(3000), "Gala 2026", "cy", 60));
    return snapshot;
}

inline std::filesystem::path unique_temp_dir(const std::string& what) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / ("standpoint-" + what + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    return pattern;
}

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs a shell command, returns its stdout (and its exit status through `status`).
inline std::string run(const std::string& command, int* status = nullptr) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return out;
    char buffer[4096];
    std::size_t got;
    while ((got = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, got);
    const int rc = pclose(pipe);
    if (status != nullptr) *status = rc;
    return out;
}

// Rows of a CSV file as Python's csv module (a real RFC 4180 reader) reads them.
inline std::vector<std::vector<std::string>> python_csv_rows(
    const std::filesystem::path& file, const std::string& encoding = "utf-8-sig") {
    const std::string script =
        "import csv,json,sys\n"
        "with open(sys.argv[1], newline='', encoding=sys.argv[2]) as f:\n"
        "    json.dump(list(csv.reader(f)), sys.stdout, ensure_ascii=True)\n";
    const auto script_file = file.parent_path() / "read_csv.py";
    write_file(script_file, script);
    const std::string json_text =
        run("python3 '" + script_file.string() + "' '" + file.string() + "' " + encoding);
    return nlohmann::json::parse(json_text).get<std::vector<std::vector<std::string>>>();
}

inline const ExportFile* file_named(const ExportPlan& plan, const std::string& name) {
    for (const auto& file : plan.files) {
        if (file.name == name) return &file;
    }
    return nullptr;
}

}  // namespace standpoint::test

namespace standpoint::test {

// A day of `count` varied responses over the three survey files, in every language, with every
// kind of answer (resident_texts included), some partial, two events. Deterministic.
inline ExportSnapshot many_responses_snapshot(int count) {
    ExportSnapshot snapshot;
    snapshot.device_id = device;
    snapshot.taken_at = at(14 * 3600);
    snapshot.surveys = {stored_survey(library_v1), stored_survey(library_v2),
                        stored_survey(fair_v1)};
    snapshot.responses.reserve(static_cast<std::size_t>(count));
    std::uint64_t state = 42;
    const auto next = [&](std::uint64_t below) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return (state >> 33) % below;
    };
    const auto text = [&] { return resident_texts[next(resident_texts.size())]; };
    for (int i = 0; i < count; ++i) {
        const auto which = next(10);
        const StoredSurvey& survey = snapshot.surveys[which < 2 ? 0 : which < 8 ? 1 : 2];
        Answers answers;
        std::string language = "en";
        if (survey.ref.id == "fair") {
            language = next(2) == 0 ? "en" : "ur";
            if (next(4) != 0)
                answers["rating"] = NumberAnswer{static_cast<std::int64_t>(1 + next(5))};
            if (next(2) == 0) answers["comments"] = TextAnswer{text()};
            if (next(3) == 0) answers["postcode"] = TextAnswer{"CF" + std::to_string(next(30))};
        } else {
            const bool is_v2 = survey.ref.version == 2;
            language = std::vector<std::string>{"en", "cy", "pl"}[next(3)];
            if (next(5) != 0)
                answers["visit"] = NumberAnswer{static_cast<std::int64_t>(1 + next(5))};
            const std::vector<std::string> travel =
                is_v2 ? std::vector<std::string>{"walk", "bus", "car"}
                      : std::vector<std::string>{"walk", "bus"};
            if (next(4) != 0) answers["travel"] = ChoiceAnswer{travel[next(travel.size())]};
            const std::vector<std::string> uses =
                is_v2 ? std::vector<std::string>{"books", "events", "computers"}
                      : std::vector<std::string>{"books", "events"};
            if (next(3) != 0) {
                ChoicesAnswer ticked;
                for (const auto& use : uses) {
                    if (next(2) == 0) ticked.option_ids.push_back(use);
                }
                if (ticked.option_ids.empty()) ticked.option_ids.push_back(uses[0]);
                answers["use"] = ticked;
            }
            if (next(2) == 0) answers["comments"] = TextAnswer{text()};
            if (next(4) == 0)
                answers["email"] = TextAnswer{"someone" + std::to_string(i) + "@example.org"};
            if (is_v2) {
                if (next(3) != 0)
                    answers["recommend"] = NumberAnswer{static_cast<std::int64_t>(next(11))};
                if (next(3) != 0) answers["first_time"] = YesNoAnswer{next(2) == 0};
                if (next(3) == 0)
                    answers["household"] = NumberAnswer{static_cast<std::int64_t>(next(201)) - 100};
                if (next(2) == 0) {
                    answers["age"] = ChoiceAnswer{
                        std::vector<std::string>{"16_24", "25_64", "prefer_not"}[next(3)]};
                }
                if (next(2) == 0) answers["agree"] = YesNoAnswer{next(2) == 0};
            }
        }
        const auto status = next(10) == 0 ? ResponseStatus::partial : ResponseStatus::complete;
        snapshot.responses.push_back(stored_response(
            i + 1, survey, std::move(answers), at(i * 3 + static_cast<std::int64_t>(next(3))),
            next(3) == 0 ? "Library Day" : "Gala 2026", language, 60, status));
    }
    return snapshot;
}

}  // namespace standpoint::test

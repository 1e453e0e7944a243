// An XLSForm as an officer writes it (bilingual, skip logic, a constraint), imported, tapped
// through by a resident on the real views (headless: real ImGui context and fonts, no window, no
// GL) into a real store, then exported: responses.csv has the spreadsheet's names as its column
// ids, and the export carries the workbook itself beside the converted definition.
#include <doctest/doctest.h>
#include <imgui.h>

#include <cfloat>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/app/export_command.hpp"
#include "kiosk/core/answer.hpp"
#include "kiosk/core/session.hpp"
#include "kiosk/core/sha256.hpp"
#include "kiosk/core/uuid.hpp"
#include "kiosk/export/export_files.hpp"
#include "kiosk/store/response_store.hpp"
#include "kiosk/ui/kiosk_view.hpp"
#include "kiosk/xlsform/load_survey_file.hpp"
#include "tests/temp_dir.hpp"
#include "tests/ui/headless_kiosk.hpp"
#include "tests/xlsform/form_builder.hpp"

using namespace standpoint;
using namespace standpoint::testing;
using namespace std::chrono_literals;

namespace {

// The officer's form: names they chose are what the export's columns must be called.
Form officer_form() {
    Form form;
    form.survey = {
        {"type", "name", "label::English (en)", "label::Cymraeg (cy)", "required", "relevant",
         "constraint", "constraint_message::English (en)", "constraint_message::Cymraeg (cy)",
         "appearance", "parameters"},
        {"select_one yn", "visited_before", "Have you been before?", "Ydych chi wedi bod o'r blaen?",
         "yes"},
        {"range", "gala_rating", "How many stars?", "Sawl seren?", "yes", "", "", "", "", "stars",
         "start=1 end=5"},
        {"text", "what_went_wrong", "What went wrong?", "Beth aeth o'i le?", "",
         "${gala_rating} <= 2", "string-length(.) <= 200"},
        {"select_multiple parts", "liked_most", "What did you like most?",
         "Beth oedd orau gennych?", "", "${visited_before} = 'yes'", "count-selected(.) <= 2"},
        {"integer", "group_size", "How many in your group?", "Faint yn eich grŵp?", "", "",
         ". >= 1 and . <= 20"},
    };
    form.choices = {
        {"list_name", "name", "label::English (en)", "label::Cymraeg (cy)"},
        {"yn", "yes", "Yes", "Ydw"},
        {"yn", "no", "No", "Nac ydw"},
        {"parts", "music", "The music", "Y gerddoriaeth"},
        {"parts", "food_stalls", "The food stalls", "Y stondinau bwyd"},
        {"parts", "dog_show", "The dog show", "Y sioe gŵn"},
    };
    form.settings = {
        {"form_title", "form_title::Cymraeg (cy)", "form_id", "version", "default_language",
         "intro::English (en)", "intro::Cymraeg (cy)", "thanks::English (en)",
         "thanks::Cymraeg (cy)"},
        {"Summer gala", "Gala'r haf", "summer_gala", "#3", "English (en)", "Two minutes.",
         "Dau funud.", "Thank you", "Diolch"},
    };
    return form;
}

// A resident at the kiosk: taps are a press frame and a release frame at a named target.
struct Kiosk : headless::Kiosk {
    Kiosk(Survey chosen, ResponseStore* into)
        : headless::Kiosk(std::move(chosen), headless::ui_texts({"en", "cy"})) {
        store = into;
        event_id = "summer-gala";
    }
};

// One line of the export's CSV (every field quoted, none holding a newline here).
std::vector<std::string> csv_fields(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    bool is_quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (is_quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            ++i;
        } else if (c == '"') {
            is_quoted = !is_quoted;
        } else if (c == ',' && !is_quoted) {
            fields.push_back(field);
            field.clear();
        } else {
            field += c;
        }
    }
    fields.push_back(field);
    return fields;
}

std::vector<std::vector<std::string>> csv_rows(std::string text) {
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    std::vector<std::vector<std::string>> rows;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) rows.push_back(csv_fields(line));
    }
    return rows;
}

const ExportFile* file_named(const ExportPlan& plan, const std::string& name) {
    for (const ExportFile& file : plan.files)
        if (file.name == name) return &file;
    return nullptr;
}

}  // namespace

TEST_CASE("an imported XLSForm is answered on the kiosk, stored, and exported under its names") {
    const std::string workbook = xlsx_bytes(officer_form());
    Result<LoadedSurvey> loaded = load_survey_bytes(workbook, "/media/stick/Gala 2026.xlsx");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().message));
    REQUIRE(loaded->survey.languages == std::vector<std::string>{"en", "cy"});

    TempDir dir("xlsform-kiosk");
    Result<std::unique_ptr<ResponseStore>> opened = ResponseStore::open(dir.path() / "data");
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    ResponseStore& store = **opened;
    const Survey& survey = loaded->survey;
    REQUIRE(store.remember_survey(SurveyRef{survey.id, survey.version, survey.sha256},
                                  loaded->kept)
                .ok());

    // The resident: been before, four stars (so "what went wrong" stays hidden), the music and
    // the dog show, a group of three.
    {
        Kiosk kiosk(loaded->survey, &store);
        kiosk.tap("start");
        REQUIRE(kiosk.question_id() == "visited_before");
        kiosk.tap("option:yes");
        kiosk.tap("next");
        REQUIRE(kiosk.question_id() == "gala_rating");
        kiosk.tap("star:4");
        kiosk.tap("next");
        REQUIRE(kiosk.question_id() == "liked_most");  // the relevant skipped what_went_wrong
        kiosk.tap("option:music");
        kiosk.tap("option:dog_show");
        kiosk.tap("next");
        REQUIRE(kiosk.question_id() == "group_size");
        kiosk.tap("key:3");
        kiosk.tap("next");
        REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
        REQUIRE(kiosk.last_saved.has_value());
        const auto row = store.find(kiosk.last_saved->id);
        REQUIRE(row.ok());
        REQUIRE(row.value().has_value());
        CHECK(nlohmann::json::parse(row.value()->answers_json) == nlohmann::json::parse(R"({
            "visited_before": "yes", "gala_rating": 4, "liked_most": ["music", "dog_show"],
            "group_size": 3})"));
        CHECK(row.value()->response.survey.id == "summer_gala");
        CHECK(row.value()->response.survey.version == 3);
    }

    // The export, as the staff screen and `standpoint export` build it.
    Result<ExportSnapshot> snapshot = app::read_export_snapshot(store, ExportOptions{});
    REQUIRE_MESSAGE(snapshot.ok(), (snapshot.ok() ? "" : snapshot.error().message));
    Result<ExportPlan> plan = build_export(*snapshot, ExportOptions{}, dir.path() / "scratch");
    REQUIRE_MESSAGE(plan.ok(), (plan.ok() ? "" : plan.error().message));
    const ExportFile* csv = file_named(*plan, "responses.csv");
    REQUIRE(csv != nullptr);
    const auto rows = csv_rows(csv->bytes);
    REQUIRE(rows.size() == 2);
    const std::vector<std::string>& header = rows[0];
    const std::vector<std::string> question_columns = {
        "visited_before",        "gala_rating",           "what_went_wrong",
        "liked_most",            "liked_most:music",      "liked_most:food_stalls",
        "liked_most:dog_show",   "group_size"};
    REQUIRE(header.size() >= question_columns.size());
    const std::vector<std::string> tail(header.end() - static_cast<long>(question_columns.size()),
                                        header.end());
    CHECK(tail == question_columns);
    const std::vector<std::string>& answer = rows[1];
    REQUIRE(answer.size() == header.size());
    const auto cell = [&](const std::string& column) {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == column) return answer[i];
        FAIL("no column ", column);
        return std::string();
    };
    CHECK(cell("survey_id") == "summer_gala");
    CHECK(cell("visited_before") == "Yes");
    CHECK(cell("gala_rating") == "4");
    CHECK(cell("what_went_wrong").empty());
    CHECK(cell("liked_most:music") == "1");
    CHECK(cell("liked_most:food_stalls") == "0");
    CHECK(cell("liked_most:dog_show") == "1");
    CHECK(cell("group_size") == "3");

    // surveys.json carries the converted definition the answers were given on, and names the
    // workbook, which travels beside it byte for byte.
    const ExportFile* surveys_file = file_named(*plan, "surveys.json");
    REQUIRE(surveys_file != nullptr);
    const auto surveys = nlohmann::json::parse(surveys_file->bytes);
    REQUIRE(surveys.size() == 1);
    CHECK(surveys[0]["sha256"] == survey.sha256);
    CHECK(surveys[0]["definition"] == loaded->kept.definition);
    REQUIRE(surveys[0].contains("source"));
    CHECK(surveys[0]["source"]["name"] == "Gala 2026.xlsx");
    CHECK(surveys[0]["source"]["sha256"] == sha256_hex(workbook));
    const std::string kept_name = surveys[0]["source"]["file"];
    CHECK(kept_name == "survey-summer_gala-v3-" + survey.sha256.substr(0, 8) + ".xlsx");
    const ExportFile* kept = file_named(*plan, kept_name);
    REQUIRE(kept != nullptr);
    CHECK(kept->bytes == workbook);
    // ... and the manifest lists it with its hash, as every file.
    const auto manifest = nlohmann::json::parse(file_named(*plan, "manifest.json")->bytes);
    bool is_listed = false;
    for (const auto& file : manifest["files"])
        if (file["name"] == kept_name) is_listed = file["sha256"] == sha256_hex(workbook);
    CHECK(is_listed);
    // The kept workbook imports again to the very definition the answers were given on.
    Result<LoadedSurvey> again = load_survey_bytes(kept->bytes, kept_name);
    REQUIRE(again.ok());
    CHECK(again->survey.sha256 == survey.sha256);
}

TEST_CASE("a JSON survey keeps no second copy, and a definition keeps the first workbook") {
    TempDir dir("xlsform-kept");
    Result<std::unique_ptr<ResponseStore>> opened = ResponseStore::open(dir.path() / "data");
    REQUIRE(opened.ok());
    ResponseStore& store = **opened;
    const std::string workbook = xlsx_bytes(officer_form());
    Result<LoadedSurvey> first = load_survey_bytes(workbook, "first.xlsx");
    REQUIRE(first.ok());
    const SurveyRef ref{first->survey.id, first->survey.version, first->survey.sha256};
    REQUIRE(store.remember_survey(ref, first->kept).ok());
    // The same definition chosen again from another file: the first workbook stays.
    KeptSurvey other = first->kept;
    other.source_name = "second.xlsx";
    other.source_bytes = "PK other bytes";
    REQUIRE(store.remember_survey(ref, other).ok());
    // A JSON survey is its own definition: nothing beside it.
    Result<LoadedSurvey> json_survey =
        load_survey_file(std::string(STANDPOINT_SOURCE_DIR) + "/tests/data/surveys/good-minimal.json");
    REQUIRE(json_survey.ok());
    CHECK_FALSE(json_survey->kept.has_source());
    const Survey& plain = json_survey->survey;
    REQUIRE(store.remember_survey(SurveyRef{plain.id, plain.version, plain.sha256},
                                  json_survey->kept)
                .ok());

    const auto stored = store.stored_surveys();
    REQUIRE(stored.ok());
    REQUIRE(stored->size() == 2);
    for (const StoredSurvey& each : *stored) {
        if (each.ref.sha256 == ref.sha256) {
            CHECK(each.definition == first->kept.definition);
            CHECK(each.source_name == "first.xlsx");
            CHECK(each.source_bytes == workbook);
        } else {
            CHECK(each.source_name.empty());
            CHECK(each.source_bytes.empty());
        }
    }
}

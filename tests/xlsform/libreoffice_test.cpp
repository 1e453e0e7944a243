// Forms saved as .xlsx by LibreOffice itself (soffice --headless --convert-to xlsx), from a flat
// OpenDocument spreadsheet written here: LibreOffice's own way of writing numbers, booleans,
// accented text and empty rows is read as a person typed them.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "kiosk/xlsform/load_survey_file.hpp"
#include "tests/temp_dir.hpp"

using namespace standpoint;
using standpoint::testing::TempDir;

namespace {

std::string escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '&')
            out += "&amp;";
        else
            out += c;
    }
    return out;
}

// A cell: "#4" a number, "?true" a boolean, "" an empty cell, anything else text.
std::string cell(const std::string& value) {
    if (value.empty()) return "<table:table-cell/>";
    if (value[0] == '#')
        return "<table:table-cell office:value-type=\"float\" office:value=\"" + value.substr(1) +
               "\"><text:p>" + value.substr(1) + "</text:p></table:table-cell>";
    if (value[0] == '?')
        return "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"" +
               value.substr(1) + "\"><text:p>" + (value == "?true" ? "TRUE" : "FALSE") +
               "</text:p></table:table-cell>";
    return "<table:table-cell office:value-type=\"string\"><text:p>" + escaped(value) +
           "</text:p></table:table-cell>";
}

using Rows = std::vector<std::vector<std::string>>;

std::string table(const std::string& name, const Rows& rows) {
    std::string xml = "<table:table table:name=\"" + name + "\">";
    for (const auto& row : rows) {
        xml += "<table:table-row>";
        for (const auto& value : row) xml += cell(value);
        if (row.empty()) xml += cell("");  // a row needs at least one cell
        xml += "</table:table-row>";
    }
    return xml + "</table:table>";
}

std::string fods(const std::vector<std::pair<std::string, Rows>>& sheets) {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
        "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
        "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\" "
        "office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet\">"
        "<office:body><office:spreadsheet>";
    for (const auto& [name, rows] : sheets) xml += table(name, rows);
    return xml + "</office:spreadsheet></office:body></office:document>";
}

// Saves `input` as .xlsx with LibreOffice (a profile of its own, so parallel runs do not
// collide) and returns the new file.
std::filesystem::path save_as_xlsx(const std::filesystem::path& input, const TempDir& dir) {
    const auto profile = dir.path() / "profile";
    const std::string command = std::string(STANDPOINT_SOFFICE) + " -env:UserInstallation=file://" +
                                profile.string() +
                                " --headless --norestore --convert-to xlsx --outdir '" +
                                dir.path().string() + "' '" + input.string() + "' >/dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
    auto output = input;
    output.replace_extension(".xlsx");
    REQUIRE(std::filesystem::exists(output));
    return output;
}

}  // namespace

TEST_CASE(
    "a bilingual form with skip logic saved by LibreOffice imports, numbers and booleans "
    "included") {
    TempDir dir("xlsform-libreoffice");
    const auto input = dir.path() / "gala.fods";
    std::ofstream(input) << fods({
        {"survey",
         {{"type", "name", "label::English (en)", "label::Cymraeg (cy)", "required", "relevant",
           "appearance", "parameters"},
          {"select_one yn", "enjoyed", "Did you enjoy the gala?", "Wnaethoch chi fwynhau'r gala?",
           "?true", "", "yes-no"},
          {},
          {"range", "rating", "How many stars?", "Sawl seren?", "?false", "${enjoyed} = 'yes'",
           "stars", "start=1 end=5"},
          {"text", "why", "What went wrong?", "Beth aeth o'i le?", "", "${rating} <= 2"}}},
        {"choices",
         {{"list_name", "name", "label::English (en)", "label::Cymraeg (cy)"},
          {"yn", "yes", "Yes", "Ie"},
          {"yn", "no", "No", "Na"}}},
        {"settings",
         {{"form_title", "form_title::Cymraeg (cy)", "form_id", "version", "default_language",
           "intro::English (en)", "intro::Cymraeg (cy)", "thanks::English (en)",
           "thanks::Cymraeg (cy)", "keep_partial", "idle_timeout_s"},
          {"Gala", "Gala", "gala-2026", "#7", "English (en)", "One minute", "Un munud", "Thanks",
           "Diolch yn fawr", "?true", "#90"}}},
    });
    const auto xlsx = save_as_xlsx(input, dir);
    Result<LoadedSurvey> loaded = load_survey_file(xlsx);
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().message));
    const Survey& survey = loaded->survey;
    CHECK(survey.id == "gala-2026");
    CHECK(survey.version == 7);
    CHECK(survey.keeps_partial);
    CHECK(survey.idle_timeout_s == 90);
    CHECK(survey.languages == std::vector<std::string>{"en", "cy"});
    CHECK(survey.thanks.in("cy") == "Diolch yn fawr");
    REQUIRE(survey.questions.size() == 3);
    CHECK(survey.questions[0].type == QuestionType::yesno);
    CHECK(survey.questions[0].is_required);
    CHECK(survey.questions[0].prompt.in("cy") == "Wnaethoch chi fwynhau'r gala?");
    CHECK(survey.questions[1].type == QuestionType::stars);
    CHECK_FALSE(survey.questions[1].is_required);
    CHECK(show_if_text(survey.questions[2], survey) == "${rating} <= 2");
}

TEST_CASE("a photo question in a form saved by LibreOffice is refused at its cell") {
    TempDir dir("xlsform-libreoffice");
    const auto input = dir.path() / "photo.fods";
    std::ofstream(input) << fods({
        {"survey",
         {{"type", "name", "label"}, {"text", "why", "Why?"}, {"image", "photo", "Photo"}}},
        {"settings", {{"form_title", "form_id", "intro", "thanks"}, {"F", "f", "Hi", "Ta"}}},
    });
    Result<LoadedSurvey> loaded = load_survey_file(save_as_xlsx(input, dir));
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().message.find("photo.xlsx: survey!A3: a kiosk cannot take a photo (type "
                                      "image)") != std::string::npos);
}

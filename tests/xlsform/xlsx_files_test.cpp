// Files that are not a good workbook: each gets one line and no crash, and sizes are checked
// before anything is inflated. Plus 2,000 seeded mutations of a form's XML parts.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "kiosk/xlsform/load_survey_file.hpp"
#include "kiosk/xlsform/xlsx_reader.hpp"
#include "tests/xlsform/form_builder.hpp"

using namespace standpoint;
using namespace standpoint::testing;

namespace {

const Form small_form{
    {{"type", "name", "label::English (en)", "label::Cymraeg (cy)", "relevant"},
     {"select_one yn", "used", "Used it?", "Wedi?", ""},
     {"text", "why", "Why?", "Pam?", "${used} = 'yes'"}},
    {{"list_name", "name", "label::English (en)", "label::Cymraeg (cy)"},
     {"yn", "yes", "Yes", "Ie"},
     {"yn", "no", "No", "Na"}},
    {{"form_title", "form_title::Cymraeg (cy)", "form_id", "intro::English (en)",
      "intro::Cymraeg (cy)", "thanks::English (en)", "thanks::Cymraeg (cy)"},
     {"Fair", "Ffair", "fair", "Hi", "Helo", "Thanks", "Diolch"}},
};

std::string one_line(const std::string& bytes) {
    Result<LoadedSurvey> result = load_survey_bytes(bytes, "FORM.xlsx");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find('\n') == std::string::npos);
    return result.error().message;
}

}  // namespace

TEST_CASE("the small form loads, so the refusals below are about the damage alone") {
    Result<LoadedSurvey> result = load_survey_bytes(xlsx_bytes(small_form), "FORM.xlsx");
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    CHECK(result->survey.questions.size() == 2);
}

TEST_CASE("a file that is not a workbook gets one line") {
    CHECK(one_line("type,name,label\ntext,why,Why?\n") ==
          "FORM.xlsx:1:2: JSON syntax error (syntax error while parsing value - invalid literal; "
          "last read: 'ty'): look for a missing or extra comma, quote or bracket at or just before "
          "this place");
    CHECK(one_line(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0')) ==
          "FORM.xlsx: this is a password-protected workbook or an old Excel 97-2003 (.xls) file; "
          "open it, remove any password and save it as an Excel workbook (.xlsx)");
    CHECK(one_line("PK\x03\x04 and then nothing a zip has") ==
          "FORM.xlsx: the workbook is damaged (it is not a readable zip file); open it in your "
          "spreadsheet program and save it as an Excel workbook (.xlsx)");
    CHECK(one_line(zip_bytes({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                              {"content.xml", "<x/>"}}))
              .find("this is an OpenDocument spreadsheet (.ods)") != std::string::npos);
    CHECK(one_line(zip_bytes({{"word/document.xml", "<x/>"}})) ==
          "FORM.xlsx: this zip file is not an Excel workbook (it has no xl/workbook.xml); open it "
          "in your spreadsheet program and save it as an Excel workbook (.xlsx)");
}

TEST_CASE("a zip bomb is refused from its declared size, before inflating") {
    auto parts = zip_parts(xlsx_bytes(small_form));
    for (auto& [name, bytes] : parts) {
        if (name == "xl/sharedStrings.xml") bytes += std::string(40 * 1024 * 1024, ' ');
    }
    const std::string bomb = zip_bytes(parts);
    CHECK(bomb.size() < 1024 * 1024);  // 40 MB of spaces pack small
    CHECK(one_line(bomb) ==
          "FORM.xlsx: the workbook's part xl/sharedStrings.xml would unpack to 40 MB, more than "
          "the 16 MB a survey form can need; this is not a survey form");
}

TEST_CASE("a part that unpacks to more than its declared size is damaged, and no more is read") {
    auto parts = zip_parts(xlsx_bytes(small_form));
    const std::string honest = zip_bytes(parts);
    // Shrink the declared size of workbook.xml in both headers: the data still inflates further.
    std::string lying = honest;
    const std::string name = "xl/workbook.xml";
    std::size_t patched = 0;
    for (std::size_t at = lying.find(name); at != std::string::npos;
         at = lying.find(name, at + 1)) {
        const bool is_local = at >= 30 && lying.compare(at - 30, 4, "PK\x03\x04") == 0;
        const bool is_central = at >= 46 && lying.compare(at - 46, 4, "PK\x01\x02") == 0;
        if (!is_local && !is_central) continue;
        const std::size_t size_field = is_local ? at - 30 + 22 : at - 46 + 24;
        lying[size_field] = 10;
        for (int i = 1; i < 4; ++i) lying[size_field + static_cast<std::size_t>(i)] = 0;
        ++patched;
    }
    REQUIRE(patched == 2);
    CHECK(one_line(lying).find("FORM.xlsx: the workbook is damaged") == 0);
}

TEST_CASE("too many rows, too many zip entries and a document type are refused") {
    Form tall = small_form;
    for (int i = 0; i < 5100; ++i)
        tall.survey.push_back({"note", "n" + std::to_string(i), "x", "y"});
    CHECK(one_line(xlsx_bytes(tall)).find("below row 5000") != std::string::npos);

    std::vector<std::pair<std::string, std::string>> many;
    for (int i = 0; i < 1100; ++i) many.emplace_back("p" + std::to_string(i), "x");
    CHECK(one_line(zip_bytes(many)).find("holds 1100 parts") != std::string::npos);

    auto parts = zip_parts(xlsx_bytes(small_form));
    for (auto& [name, bytes] : parts) {
        if (name == "xl/workbook.xml")
            bytes = "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY lol \"lol\">]><workbook/>";
    }
    CHECK(one_line(zip_bytes(parts)) ==
          "FORM.xlsx: the part xl/workbook.xml cannot be used: it declares a document type, which "
          "a workbook never does");
}

TEST_CASE("2,000 seeded mutations of the XML parts never crash and always give a message") {
    const auto original = zip_parts(xlsx_bytes(small_form));
    std::mt19937 random(20261204);
    int loaded = 0;
    int refused = 0;
    for (int round = 0; round < 2000; ++round) {
        auto parts = original;
        // Pick an XML part and damage it: flip, insert, delete or cut bytes, or swap in markup.
        std::vector<std::size_t> xml;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (parts[i].first.find(".xml") != std::string::npos) xml.push_back(i);
        }
        std::string& bytes = parts[xml[random() % xml.size()]].second;
        const int edits = 1 + static_cast<int>(random() % 4);
        for (int e = 0; e < edits && !bytes.empty(); ++e) {
            const std::size_t at = random() % bytes.size();
            static const char* const snippets[] = {"<",
                                                   ">",
                                                   "\"",
                                                   "&",
                                                   "<c r=\"ZZZZ9\" t=\"s\"><v>99",
                                                   "</row>",
                                                   "<row r=\"-1\">",
                                                   "\xC3",
                                                   "${",
                                                   "<v>4294967296</v>",
                                                   "<si><t>",
                                                   "r:id=\"x\""};
            switch (random() % 5) {
                case 0:
                    bytes[at] = static_cast<char>(random() % 256);
                    break;
                case 1:
                    bytes.insert(at, snippets[random() % std::size(snippets)]);
                    break;
                case 2:
                    bytes.erase(at, 1 + random() % 16);
                    break;
                case 3:
                    bytes.resize(at);
                    break;
                default:
                    bytes.insert(at, bytes.substr(at / 2, 1 + random() % 64));
                    break;
            }
        }
        const Result<LoadedSurvey> result = load_survey_bytes(zip_bytes(parts, true), "FORM.xlsx");
        if (result.ok()) {
            ++loaded;
            CHECK_FALSE(result->survey.questions.empty());
        } else {
            ++refused;
            CHECK(result.error().message.rfind("FORM.xlsx: ", 0) == 0);
        }
    }
    MESSAGE("loaded " << loaded << ", refused " << refused);
    CHECK(loaded + refused == 2000);
    CHECK(refused >= 500);  // most damage is caught, not just survived
}

// XLSForm -> survey JSON (xlsform_import.hpp). Sections:
//   [SECTION] Sheets      headers in any order and case, language columns, cell names
//   [SECTION] Types       what each XLSForm type becomes, and what a kiosk cannot ask
//   [SECTION] Converter   settings, choices, then the survey sheet row by row
//
// The converter reports what only the spreadsheet can say (a photo question, a missing label in a
// cell, an expression it does not understand) at its cell; what the survey format itself checks
// (ranges, unique ids, where skip logic points) is left to the one survey checker, whose lines
// the caller places at the question's row.
#include "kiosk/xlsform/xlsform_import.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "kiosk/core/expression.hpp"
#include "kiosk/core/survey.hpp"

namespace standpoint {
namespace {

using ordered_json = nlohmann::ordered_json;

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// "begin_group", "Begin  Group" -> "begin group".
std::string normalised_words(const std::string& text) {
    std::string out;
    for (char c : lower(trim(text))) {
        if (c == '_' || c == ' ' || c == '\t') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    return trim(out);
}

struct KnownLanguage {
    const char* code;
    const char* header;    // what the export writes
    const char* names[3];  // English and own names, lower case
};

constexpr KnownLanguage known_languages[] = {
    {"en", "English (en)", {"english", nullptr, nullptr}},
    {"cy", "Cymraeg (cy)", {"welsh", "cymraeg", nullptr}},
    {"pl", "Polski (pl)", {"polish", "polski", nullptr}},
    {"ur", "Urdu (ur)", {"urdu", "\xD8\xA7\xD8\xB1\xD8\xAF\xD9\x88", nullptr}},
    {"gd", "Gàidhlig (gd)", {"scottish gaelic", "g\xC3\xA0idhlig", "gaelic"}},
    {"ga", "Gaeilge (ga)", {"irish", "gaeilge", nullptr}},
    {"fr",
     "Français (fr)",
     {"french",
      "fran\xC3\xA7"
      "ais",
      nullptr}},
    {"es", "Español (es)", {"spanish", "espa\xC3\xB1ol", nullptr}},
    {"ar", "Arabic (ar)", {"arabic", nullptr, nullptr}},
    {"bn", "Bengali (bn)", {"bengali", "bangla", nullptr}},
    {"pa", "Punjabi (pa)", {"punjabi", nullptr, nullptr}},
    {"ro", "Română (ro)", {"romanian", "rom\xC3\xA2n\xC4\x83", nullptr}},
    {"so", "Somali (so)", {"somali", nullptr, nullptr}},
};

bool looks_like_code(const std::string& text) {
    if (text.size() < 2 || text.size() > 35) return false;
    std::size_t letters = 0;
    while (letters < text.size() && text[letters] >= 'a' && text[letters] <= 'z') ++letters;
    if (letters < 2 || letters > 3) return false;
    return std::all_of(text.begin() + static_cast<long>(letters), text.end(), [](char c) {
        return c == '-' || std::isalnum(static_cast<unsigned char>(c));
    });
}

}  // namespace

std::string language_code_from_header(const std::string& name) {
    const std::string text = trim(name);
    const auto open = text.rfind('(');
    const auto close = text.rfind(')');
    if (open != std::string::npos && close != std::string::npos && close > open) {
        const std::string code = trim(text.substr(open + 1, close - open - 1));
        return looks_like_code(code) ? code : "";
    }
    if (looks_like_code(text)) return text;
    const std::string wanted = lower(text);
    for (const auto& language : known_languages) {
        for (const char* known : language.names) {
            if (known != nullptr && wanted == known) return language.code;
        }
    }
    return "";
}

std::string language_header(const std::string& code) {
    for (const auto& language : known_languages) {
        if (code == language.code) return language.header;
    }
    return code + " (" + code + ")";
}

namespace {

// [SECTION] Sheets
// ---------------------------------------------------------------------------------

struct Column {
    int index = 0;
    std::string base;      // "label", lower case
    std::string language;  // "cy", or "" for a column without one
};

// A sheet with its header row read: which column holds what.
class Table {
public:
    Table(const Sheet* sheet, std::string name) : sheet_(sheet), name_(std::move(name)) {
        if (sheet_ == nullptr || sheet_->rows.empty()) return;
        header_row_ = sheet_->rows.begin()->first;
        for (const auto& [index, text] : sheet_->rows.begin()->second) {
            Column column;
            column.index = index;
            const std::string header = trim(text);
            const auto split = header.find("::");
            column.base = lower(trim(header.substr(0, split)));
            if (split != std::string::npos) {
                column.language = language_code_from_header(header.substr(split + 2));
                if (column.language.empty()) unknown_languages_.push_back(column);
            }
            std::replace(column.base.begin(), column.base.end(), ' ', '_');
            columns_.push_back(column);
        }
    }

    bool exists() const { return sheet_ != nullptr; }
    const std::string& name() const { return name_; }
    int header_row() const { return header_row_; }
    const std::vector<Column>& columns() const { return columns_; }
    const std::vector<Column>& unknown_languages() const { return unknown_languages_; }

    std::vector<int> data_rows() const {
        std::vector<int> rows;
        if (sheet_ == nullptr) return rows;
        for (const auto& entry : sheet_->rows) {
            if (entry.first > header_row_) rows.push_back(entry.first);
        }
        return rows;
    }

    const Column* column(const std::string& base, const std::string& language = "") const {
        for (const auto& column : columns_) {
            if (column.base == base && column.language == language) return &column;
        }
        return nullptr;
    }

    std::string cell(int row, const Column* column) const {
        if (sheet_ == nullptr || column == nullptr) return "";
        const auto r = sheet_->rows.find(row);
        if (r == sheet_->rows.end()) return "";
        const auto c = r->second.find(column->index);
        return c == r->second.end() ? "" : trim(c->second);
    }
    std::string cell(int row, const std::string& base) const { return cell(row, column(base)); }

    // "survey!C14"
    std::string where(int row, const Column* column) const {
        return name_ + "!" +
               (column == nullptr ? std::to_string(row) : cell_name(column->index, row));
    }
    std::string where(int row, const std::string& base) const { return where(row, column(base)); }

    bool has_language_columns(const std::string& base) const {
        return std::any_of(columns_.begin(), columns_.end(),
                           [&](const Column& c) { return c.base == base && !c.language.empty(); });
    }

private:
    const Sheet* sheet_;
    std::string name_;
    int header_row_ = 1;
    std::vector<Column> columns_;
    std::vector<Column> unknown_languages_;
};

// [SECTION] Types
// ------------------------------------------------------------------------------------

// Types a kiosk cannot ask, and why, in words for the person who wrote the form.
const char* refusal_reason(const std::string& type) {
    static const std::pair<const char*, const char*> refused[] = {
        {"image", "a kiosk cannot take a photo"},
        {"audio", "a kiosk cannot record sound"},
        {"background-audio", "a kiosk does not record sound"},
        {"video", "a kiosk cannot record video"},
        {"file", "a kiosk cannot take a file"},
        {"barcode", "a kiosk has no camera to scan a barcode"},
        {"geopoint", "a kiosk does not know where it is (no GPS)"},
        {"geotrace", "a kiosk does not know where it is (no GPS)"},
        {"geoshape", "a kiosk does not know where it is (no GPS)"},
        {"start-geopoint", "a kiosk does not know where it is (no GPS)"},
        {"date", "a kiosk has no date picker"},
        {"time", "a kiosk has no time picker"},
        {"datetime", "a kiosk has no date picker"},
        {"decimal", "the kiosk's number pad takes whole numbers only; use integer"},
        {"rank", "a kiosk cannot rank choices"},
        {"calculate", "a calculation is not a question a resident answers"},
        {"hidden", "a hidden value is not a question a resident answers"},
        {"begin repeat", "a kiosk cannot repeat a set of questions"},
        {"end repeat", "a kiosk cannot repeat a set of questions"},
        {"xml-external", "a kiosk survey cannot read another file"},
        {"csv-external", "a kiosk survey cannot read another file"},
        {"select one from file", "a kiosk survey cannot read its choices from another file"},
        {"select multiple from file", "a kiosk survey cannot read its choices from another file"},
        {"select one external", "a kiosk survey cannot read its choices from another file"},
        {"range decimal", "the kiosk's scale takes whole numbers only"},
    };
    for (const auto& [name, reason] : refused) {
        if (type == name) return reason;
    }
    return nullptr;
}

// Metadata ODK collects by itself: skipping it loses nothing a resident said.
bool is_metadata(const std::string& type) {
    static const char* const metadata[] = {"start",        "end",       "today",       "deviceid",
                                           "subscriberid", "simserial", "phonenumber", "username",
                                           "email",        "audit",     "instanceid"};
    return std::any_of(std::begin(metadata), std::end(metadata),
                       [&](const char* name) { return type == name; });
}

std::optional<bool> yes_no_cell(const std::string& text) {
    const std::string value = lower(trim(text));
    if (value.empty() || value == "no" || value == "false" || value == "false()" || value == "0")
        return false;
    if (value == "yes" || value == "true" || value == "true()" || value == "1") return true;
    return std::nullopt;
}

std::optional<std::int64_t> whole_number(const std::string& text) {
    std::int64_t value = 0;
    std::string digits = trim(text);
    // A spreadsheet may store a whole number as "5.0".
    if (digits.size() > 2 && digits.substr(digits.size() - 2) == ".0")
        digits.resize(digits.size() - 2);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size())
        return std::nullopt;
    return value;
}

// "start=0 end=10 step=1" (spaces, commas or semicolons between).
std::map<std::string, std::string> parameters(const std::string& text) {
    std::map<std::string, std::string> out;
    std::string spaced = text;
    for (char& c : spaced) {
        if (c == ',' || c == ';') c = ' ';
    }
    std::size_t i = 0;
    while (i < spaced.size()) {
        const auto start = spaced.find_first_not_of(' ', i);
        if (start == std::string::npos) break;
        auto stop = spaced.find(' ', start);
        if (stop == std::string::npos) stop = spaced.size();
        const std::string item = spaced.substr(start, stop - start);
        const auto eq = item.find('=');
        if (eq != std::string::npos)
            out[lower(trim(item.substr(0, eq)))] = trim(item.substr(eq + 1));
        i = stop;
    }
    return out;
}

// [SECTION] Converter
// ------------------------------------------------------------------------------

struct ChoiceRow {
    int row = 0;
    std::string name;
    ordered_json option;
};

class Converter {
public:
    Converter(const Workbook& workbook, const std::string& source, const std::string& fallback_id)
        : source_(source),
          fallback_id_(fallback_id),
          survey_(workbook.find("survey"), "survey"),
          choices_(workbook.find("choices"), "choices"),
          settings_(workbook.find("settings"), "settings") {}

    XlsformConversion run() {
        if (!survey_.exists()) {
            problem("",
                    "this workbook has no sheet named survey, so it is not an XLSForm; a form "
                    "has a survey sheet (and usually choices and settings)");
            return finish();
        }
        if (survey_.column("type") == nullptr) {
            problem("survey!1",
                    "the first row has no 'type' column, so this is not an XLSForm; "
                    "the survey sheet's first row names its columns: type, name, label");
            return finish();
        }
        if (survey_.column("name") == nullptr) {
            problem("survey!1",
                    "the first row has no 'name' column; every question needs a name, "
                    "which is what its answers are stored under");
            return finish();
        }
        for (const Table* table : {&survey_, &choices_, &settings_}) {
            for (const Column& column : table->unknown_languages()) {
                problem(table->where(table->header_row(), &column),
                        "the column's language has no code; write it like " + column.base +
                            "::English (en) or " + column.base + "::Cymraeg (cy)");
            }
        }
        read_languages();
        read_settings();
        read_choices();
        read_questions();
        return finish();
    }

private:
    void problem(const std::string& where, const std::string& what) {
        result_.problems.push_back(source_ + ": " + (where.empty() ? "" : where + ": ") + what);
    }
    void warning(const std::string& where, const std::string& what) {
        result_.warnings.push_back(source_ + ": " + where + ": " + what);
    }

    XlsformConversion finish() {
        if (result_.problems.empty()) result_.json_text = out_.dump(2) + "\n";
        return std::move(result_);
    }

    // -- languages ----------------------------------------------------------------------------

    void read_languages() {
        const std::string declared = settings_.cell(first_settings_row(), "default_language");
        std::string default_code;
        if (!declared.empty()) {
            default_code = language_code_from_header(declared);
            if (default_code.empty()) {
                problem(settings_.where(first_settings_row(), "default_language"),
                        "default_language '" + declared +
                            "' has no language code; write it like English (en)");
            }
        }
        std::vector<std::string> found;
        for (const Table* table : {&survey_, &choices_, &settings_}) {
            for (const Column& column : table->columns()) {
                if (!column.language.empty() &&
                    std::find(found.begin(), found.end(), column.language) == found.end())
                    found.push_back(column.language);
            }
        }
        if (default_code.empty()) default_code = found.empty() ? "en" : found.front();
        plain_language_ = default_code;
        languages_.push_back(default_code);
        for (const auto& code : found) {
            if (code != default_code) languages_.push_back(code);
        }
        // A plain "label" column beside "label::Cymraeg (cy)" is in the default language.
        for (const Table* table : {&survey_, &choices_}) {
            for (const char* base : {"label", "hint"}) {
                const Column* plain = table->column(base);
                if (plain != nullptr && table->column(base, default_code) != nullptr) {
                    problem(table->where(table->header_row(), plain),
                            "there are two " + std::string(base) + " columns for '" + default_code +
                                "' (this one has no language); remove one");
                }
            }
        }
    }

    // The text of `base` in every language, for a row. A language with no column, or a blank
    // cell where another language has words, is reported at its cell.
    ordered_json texts(const Table& table, int row, const std::string& base,
                       const std::string& owner, bool is_required) {
        ordered_json text = ordered_json::object();
        std::vector<std::pair<std::string, const Column*>> missing;
        for (const auto& language : languages_) {
            const Column* column = table.column(base, language);
            if (column == nullptr && language == plain_language_) column = table.column(base);
            const std::string value = table.cell(row, column);
            if (value.empty()) {
                missing.emplace_back(language, column);
            } else {
                text[language] = value;
            }
        }
        if (text.empty() && !is_required) return text;
        for (const auto& [language, column] : missing) {
            if (column == nullptr) {
                problem(table.where(row, nullptr),
                        owner + " has no " + base + " in '" + language + "'; add a column " + base +
                            "::" + language_header(language) + " to the " + table.name() +
                            " sheet and fill it in");
            } else {
                problem(table.where(row, column),
                        owner + " has no " + base + " in '" + language + "'; fill in this cell");
            }
        }
        return text;
    }

    // -- settings -------------------------------------------------------------------------------

    int first_settings_row() const {
        const auto rows = settings_.data_rows();
        return rows.empty() ? settings_.header_row() + 1 : rows.front();
    }

    void read_settings() {
        const int row = first_settings_row();
        out_["format"] = "standpoint-survey/1";
        std::string id = settings_.cell(row, "form_id");
        if (id.empty()) {
            id = fallback_id_;
            warning("settings", "there is no form_id, so the survey's id is '" + id +
                                    "' (from the file name); add a form_id to keep it when the "
                                    "file is renamed");
        }
        out_["id"] = id;
        const std::string version = settings_.cell(row, "version");
        if (version.empty()) {
            out_["version"] = 1;
        } else if (const auto number = whole_number(version);
                   number && *number >= 1 && *number <= 1'000'000) {
            out_["version"] = *number;
        } else {
            problem(settings_.where(row, "version"),
                    "version '" + version +
                        "' must be a whole number from 1 to 1000000; the kiosk numbers versions 1, "
                        "2, 3... (raise it when you change a question)");
        }
        out_["languages"] = languages_;
        // form_title is ODK's one title; form_title::Cymraeg (cy) gives it in more languages.
        const Column* plain_title = settings_.column("form_title");
        ordered_json title = ordered_json::object();
        for (const auto& language : languages_) {
            const Column* column = settings_.column("form_title", language);
            if (column == nullptr && language == plain_language_) column = plain_title;
            const std::string value = settings_.cell(row, column);
            if (!value.empty()) {
                title[language] = value;
            } else {
                problem(column == nullptr ? "settings" : settings_.where(row, column),
                        "the survey has no title in '" + language + "'; " +
                            (column == nullptr ? "add a column form_title" +
                                                     (language == plain_language_
                                                          ? std::string()
                                                          : "::" + language_header(language)) +
                                                     " to the settings sheet and fill it in"
                                               : std::string("fill in this cell")));
            }
        }
        out_["title"] = title;
        for (const char* base : {"intro", "privacy_notice", "thanks", "you_said_we_did"}) {
            const bool is_required = std::string(base) == "intro" || std::string(base) == "thanks";
            ordered_json text = texts(settings_, row, base, "the survey", is_required);
            if (!text.empty()) out_[base] = text;
        }
        if (const std::string url = settings_.cell(row, "more_info_url"); !url.empty())
            out_["more_info_url"] = url;
        if (const std::string keep = settings_.cell(row, "keep_partial"); !keep.empty()) {
            if (const auto value = yes_no_cell(keep)) {
                out_["keep_partial"] = *value;
            } else {
                problem(settings_.where(row, "keep_partial"), "keep_partial must be yes or no");
            }
        }
        if (const std::string idle = settings_.cell(row, "idle_timeout_s"); !idle.empty()) {
            if (const auto value = whole_number(idle)) {
                out_["idle_timeout_s"] = *value;
            } else {
                problem(settings_.where(row, "idle_timeout_s"),
                        "idle_timeout_s must be a whole number of seconds, from 10 to 600");
            }
        }
    }

    // -- choices ----------------------------------------------------------------------------------

    void read_choices() {
        if (!choices_.exists()) return;
        const char* list_column = choices_.column("list_name") ? "list_name" : "list name";
        for (int row : choices_.data_rows()) {
            const std::string list = choices_.cell(row, list_column);
            const std::string name = choices_.cell(row, "name");
            if (list.empty() && name.empty()) continue;
            if (list.empty()) {
                problem(choices_.where(row, list_column),
                        "the choice '" + name + "' belongs to no list; fill in its list_name");
                continue;
            }
            if (name.empty()) {
                problem(choices_.where(row, "name"),
                        "a choice of list '" + list + "' has no name; the name is what is stored");
                continue;
            }
            ChoiceRow choice;
            choice.row = row;
            choice.name = name;
            choice.option["id"] = name;
            choice.option["label"] = texts(choices_, row, "label", "option '" + name + "'", true);
            const std::string prefer_not = choices_.cell(row, "prefer_not_to_say");
            if (const auto value = yes_no_cell(prefer_not); value && *value) {
                choice.option["prefer_not_to_say"] = true;
            } else if (!value) {
                problem(choices_.where(row, "prefer_not_to_say"),
                        "prefer_not_to_say must be yes or no");
            }
            lists_[list].push_back(std::move(choice));
        }
    }

    // -- questions --------------------------------------------------------------------------------

    struct Group {
        std::string name;
        std::optional<Expression> relevant;
    };

    void read_questions() {
        ordered_json questions = ordered_json::array();
        bool has_warned_required_message = false;
        bool has_warned_default = false;
        for (int row : survey_.data_rows()) {
            const std::string raw_type = survey_.cell(row, "type");
            const std::string name = survey_.cell(row, "name");
            const std::string type = normalised_words(raw_type);
            const std::string type_cell = survey_.where(row, "type");
            if (type.empty()) {
                if (!name.empty())
                    problem(type_cell, "'" + name + "' has no type; fill in its type");
                continue;
            }
            if (is_metadata(type)) {
                warning(type_cell, "skipped '" + raw_type +
                                       "': the kiosk records when each response started and "
                                       "ended by itself");
                continue;
            }
            if (const char* reason = refusal_reason(type)) {
                problem(type_cell, std::string(reason) + " (type " + raw_type +
                                       "); remove this row or change its type");
                continue;
            }
            if (type == "end group") {
                if (groups_.empty()) {
                    problem(type_cell, "end group without a begin group above it");
                } else {
                    groups_.pop_back();
                }
                continue;
            }
            if (const std::string filter = survey_.cell(row, "choice_filter"); !filter.empty()) {
                problem(survey_.where(row, "choice_filter"),
                        "a kiosk shows every choice of a list; choice_filter is not supported, so "
                        "make a separate list for this question");
                continue;
            }
            if (!has_warned_required_message && survey_.has_language_columns("required_message")) {
                has_warned_required_message = true;
                warning("survey",
                        "required_message is not used: the kiosk asks for an answer in "
                        "its own words, in the resident's language");
            }
            if (!has_warned_default && !survey_.cell(row, "default").empty()) {
                has_warned_default = true;
                warning(survey_.where(row, "default"),
                        "default answers are not used: every resident starts with a blank form");
            }
            std::optional<Expression> relevant = read_expression(row, "relevant");
            if (!relevant && !survey_.cell(row, "relevant").empty()) continue;  // reported

            if (type == "begin group") {
                Group group{name, combined_relevant(relevant)};
                const bool has_label = !texts(survey_, row, "label", "", false).empty();
                groups_.push_back(group);
                if (!has_label) continue;  // a group without a label only groups
                ordered_json heading = question_json(row, name, "info");
                if (group.relevant) heading["show_if"] = to_text(*group.relevant);
                questions.push_back(std::move(heading));
                continue;
            }
            std::optional<ordered_json> question = map_type(row, type, raw_type, name);
            if (!question) continue;
            if (auto show_if = combined_relevant(relevant))
                (*question)["show_if"] = to_text(*show_if);
            questions.push_back(std::move(*question));
        }
        if (!groups_.empty())
            problem("survey", "the group '" + groups_.back().name + "' has no end group");
        if (questions.empty() && result_.problems.empty())
            problem("survey", "the form has no questions a kiosk can ask");
        out_["questions"] = std::move(questions);
    }

    std::optional<Expression> combined_relevant(const std::optional<Expression>& own) const {
        Expression all{ExpressionKind::all, "", {}};
        for (const auto& group : groups_) {
            if (group.relevant) all.children.push_back(*group.relevant);
        }
        if (own) all.children.push_back(*own);
        if (all.children.empty()) return std::nullopt;
        if (all.children.size() == 1) return all.children.front();
        return all;
    }

    std::optional<Expression> read_expression(int row, const std::string& column) {
        const std::string text = survey_.cell(row, column);
        if (text.empty()) return std::nullopt;
        Result<Expression> parsed = parse_expression(text);
        if (!parsed) {
            problem(survey_.where(row, column), parsed.error().message);
            return std::nullopt;
        }
        return std::move(parsed.value());
    }

    // The fields every question has: id, type, prompt, help, required, personal data, equality.
    ordered_json question_json(int row, const std::string& name, const std::string& type) {
        ordered_json question;
        question["id"] = name;
        question["type"] = type;
        result_.cell_of_question[name] = survey_.where(row, "name");
        const std::string owner = "question '" + name + "'";
        question["prompt"] = texts(survey_, row, "label", owner, true);
        ordered_json help = texts(survey_, row, "hint", owner, false);
        if (!help.empty()) question["help"] = help;
        const std::string required = survey_.cell(row, "required");
        if (const auto value = yes_no_cell(required)) {
            if (*value && type != "info") question["required"] = true;
        } else {
            problem(survey_.where(row, "required"),
                    "required must be yes or no; a kiosk question is required or not (a "
                    "condition here is not supported)");
        }
        for (const char* flag : {"personal_data", "equality"}) {
            const std::string value = survey_.cell(row, flag);
            if (const auto is_set = yes_no_cell(value); is_set && *is_set) {
                question[flag] = true;
            } else if (!is_set) {
                problem(survey_.where(row, flag), std::string(flag) + " must be yes or no");
            }
        }
        return question;
    }

    std::optional<ordered_json> map_type(int row, const std::string& type, const std::string& raw,
                                         const std::string& name) {
        const std::string type_cell = survey_.where(row, "type");
        const std::string appearance = lower(survey_.cell(row, "appearance"));
        const auto words = type_words(raw, type);
        const std::string& head = words.front();
        if (name.empty()) {
            problem(survey_.where(row, "name"),
                    "this question has no name; the name is what its "
                    "answers are stored under");
            return std::nullopt;
        }
        ordered_json question;
        if (head == "select one" || head == "select multiple") {
            if (words.size() < 2) {
                problem(type_cell, "'" + raw + "' needs a list name, like " + head + " ages");
                return std::nullopt;
            }
            if (words.size() > 2) {
                problem(type_cell, "'" + raw +
                                       "': or_other is not supported; add an 'other' "
                                       "choice and a text question shown when it is chosen");
                return std::nullopt;
            }
            const std::string& list = words[1];
            const auto found = lists_.find(list);
            if (found == lists_.end()) {
                problem(type_cell, "the list '" + list + "' is not in the choices sheet");
                return std::nullopt;
            }
            if (head == "select one" && appearance == "yes-no") {
                std::set<std::string> names;
                for (const auto& choice : found->second) names.insert(choice.name);
                if (names != std::set<std::string>{"yes", "no"}) {
                    problem(type_cell,
                            "the appearance yes-no needs a list of exactly two choices "
                            "named yes and no");
                    return std::nullopt;
                }
                question = question_json(row, name, "yesno");
            } else {
                question = question_json(row, name, head == "select one" ? "single" : "multi");
                ordered_json options = ordered_json::array();
                for (const auto& choice : found->second) options.push_back(choice.option);
                question["options"] = std::move(options);
            }
        } else if (head == "range") {
            const auto given = parameters(survey_.cell(row, "parameters"));
            const auto number = [&](const char* key,
                                    std::int64_t fallback) -> std::optional<std::int64_t> {
                const auto it = given.find(key);
                if (it == given.end()) return fallback;
                const auto value = whole_number(it->second);
                if (!value)
                    problem(survey_.where(row, "parameters"),
                            std::string(key) + "=" + it->second + " must be a whole number");
                return value;
            };
            const bool is_five =
                appearance == "smileys" || appearance == "stars" || appearance == "rating";
            const auto start = number("start", 1);
            const auto end = number("end", is_five ? 5 : 10);
            const auto step = number("step", 1);
            if (!start || !end || !step) return std::nullopt;
            if (*step != 1) {
                problem(survey_.where(row, "parameters"),
                        "a kiosk scale goes up in steps of 1; use step=1");
                return std::nullopt;
            }
            if (appearance == "smileys") {
                if (*start != 1 || *end != 5) {
                    problem(survey_.where(row, "parameters"),
                            "smileys are five faces: use start=1 end=5");
                    return std::nullopt;
                }
                question = question_json(row, name, "smiley");
            } else if (appearance == "stars" || appearance == "rating") {
                if (*start != 1) {
                    problem(survey_.where(row, "parameters"), "stars start at 1: use start=1");
                    return std::nullopt;
                }
                question = question_json(row, name, "stars");
                question["max"] = *end;
            } else {
                question = question_json(row, name, "scale");
                question["min"] = *start;
                question["max"] = *end;
                for (const char* label : {"min_label", "max_label"}) {
                    ordered_json text =
                        texts(survey_, row, label, "question '" + name + "'", false);
                    if (!text.empty()) question[label] = text;
                }
            }
        } else if (head == "integer") {
            question = question_json(row, name, "number");
        } else if (head == "text") {
            question = question_json(row, name, "text");
        } else if (head == "note") {
            question = question_json(row, name, "info");
        } else if (head == "acknowledge" || head == "trigger") {
            question = question_json(row, name, "consent");
        } else {
            problem(type_cell, "unknown type '" + raw +
                                   "'; a kiosk form uses select_one, select_multiple, integer, "
                                   "text, note, acknowledge, range, begin group and end group");
            return std::nullopt;
        }
        if (!map_constraint(row, question)) return std::nullopt;
        return question;
    }

    // "select_one ages" -> {"select one", "ages"} (the list name keeps its own spelling, so
    // "yes_no" stays "yes_no"); any other type -> {normalised type}.
    static std::vector<std::string> type_words(const std::string& raw, const std::string& type) {
        std::vector<std::string> tokens;
        std::size_t i = 0;
        const std::string text = trim(raw);
        while (i < text.size()) {
            const auto start = text.find_first_not_of(" \t", i);
            if (start == std::string::npos) break;
            auto stop = text.find_first_of(" \t", start);
            if (stop == std::string::npos) stop = text.size();
            tokens.push_back(text.substr(start, stop - start));
            i = stop;
        }
        for (const char* head : {"select one", "select multiple"}) {
            std::size_t used = 0;
            if (!tokens.empty() && normalised_words(tokens[0]) == head) {
                used = 1;
            } else if (tokens.size() >= 2 &&
                       normalised_words(tokens[0] + " " + tokens[1]) == head) {
                used = 2;
            }
            if (used == 0) continue;
            std::vector<std::string> words{head};
            words.insert(words.end(), tokens.begin() + static_cast<long>(used), tokens.end());
            return words;
        }
        return {type};
    }

    // A constraint is split at its top-level "and"s. The parts the survey format has a field
    // for become that field (regex(., ...) a text's pattern, string-length(.) <= n its length,
    // . >= n / . <= n a number's range, count-selected(.) <= n a multi's limit); the rest stays an
    // expression. constraint_message gives the words for a refused answer.
    bool map_constraint(int row, ordered_json& question) {
        const std::string text = survey_.cell(row, "constraint");
        if (text.empty()) return true;
        std::optional<Expression> parsed = read_expression(row, "constraint");
        if (!parsed) return false;
        const std::string type = question["type"];
        std::vector<Expression> parts;
        if (parsed->kind == ExpressionKind::all) {
            parts = parsed->children;
        } else {
            parts.push_back(*parsed);
        }
        Expression rest{ExpressionKind::all, "", {}};
        bool has_pattern = false;
        const std::string where = survey_.where(row, "constraint");
        for (const auto& part : parts) {
            const bool is_binary = part.children.size() == 2;
            const Expression* left = is_binary ? &part.children[0] : nullptr;
            const Expression* right = is_binary ? &part.children[1] : nullptr;
            const auto number_at_right = [&]() -> std::optional<std::int64_t> {
                if (right == nullptr || right->kind != ExpressionKind::number) return std::nullopt;
                return whole_number(right->text);
            };
            if (part.kind == ExpressionKind::regex) {
                if (type != "text" || part.children[0].kind != ExpressionKind::current) {
                    problem(where, "regex(., '...') works on a text question's own answer only");
                    return false;
                }
                question["pattern"] = part.children[1].text;
                has_pattern = true;
                continue;
            }
            if (type == "text" && left != nullptr && left->kind == ExpressionKind::string_length &&
                left->children[0].kind == ExpressionKind::current && number_at_right() &&
                (part.kind == ExpressionKind::less_or_equal || part.kind == ExpressionKind::less)) {
                question["max_length"] =
                    *number_at_right() - (part.kind == ExpressionKind::less ? 1 : 0);
                continue;
            }
            if (type == "multi" && left != nullptr &&
                left->kind == ExpressionKind::count_selected &&
                left->children[0].kind == ExpressionKind::current && number_at_right() &&
                (part.kind == ExpressionKind::less_or_equal || part.kind == ExpressionKind::less)) {
                question["max_choices"] =
                    *number_at_right() - (part.kind == ExpressionKind::less ? 1 : 0);
                continue;
            }
            if (type == "number" && left != nullptr && left->kind == ExpressionKind::current &&
                number_at_right()) {
                const std::int64_t n = *number_at_right();
                if (part.kind == ExpressionKind::greater_or_equal) {
                    question["min"] = n;
                    continue;
                }
                if (part.kind == ExpressionKind::greater) {
                    question["min"] = n + 1;
                    continue;
                }
                if (part.kind == ExpressionKind::less_or_equal) {
                    question["max"] = n;
                    continue;
                }
                if (part.kind == ExpressionKind::less) {
                    question["max"] = n - 1;
                    continue;
                }
            }
            rest.children.push_back(part);
        }
        const std::string owner = "question '" + question["id"].get<std::string>() + "'";
        ordered_json message = texts(survey_, row, "constraint_message", owner, false);
        if ((has_pattern || !rest.children.empty()) && message.empty()) {
            problem(where,
                    "this constraint needs a constraint_message (in every language) telling "
                    "residents why their answer was refused");
            return false;
        }
        if (has_pattern) question["pattern_hint"] = message;
        if (!rest.children.empty()) {
            question["constraint"] =
                to_text(rest.children.size() == 1 ? rest.children.front() : rest);
            question["constraint_hint"] = message;
        }
        if (type == "number" && (question.contains("min") != question.contains("max"))) {
            // The survey format's defaults (default_number_min/max) would narrow what was
            // written: the open end is as far as the format allows.
            if (!question.contains("min")) question["min"] = -number_limit;
            if (!question.contains("max")) question["max"] = number_limit;
        }
        return true;
    }

    const std::string& source_;
    const std::string& fallback_id_;
    Table survey_;
    Table choices_;
    Table settings_;
    std::vector<std::string> languages_;
    std::string plain_language_;
    std::map<std::string, std::vector<ChoiceRow>> lists_;
    std::vector<Group> groups_;
    ordered_json out_ = ordered_json::object();
    XlsformConversion result_;
};

}  // namespace

XlsformConversion convert_xlsform(const Workbook& workbook, const std::string& source,
                                  const std::string& fallback_id) {
    return Converter(workbook, source, fallback_id).run();
}

}  // namespace standpoint

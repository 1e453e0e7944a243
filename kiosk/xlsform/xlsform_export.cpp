// Survey -> XLSForm (xlsform_export.hpp): every row is laid out first as plain cells (pure), then
// written with libxlsxwriter. The mapping is the reverse of xlsform_import.cpp's; docs/xlsform.md
// has the table.
#include "kiosk/xlsform/xlsform_export.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/xlsform/xlsform_import.hpp"

namespace standpoint {
namespace {

// A sheet as a header and rows of cells keyed by header.
struct Grid {
    std::vector<std::string> header;
    std::vector<std::map<std::string, std::string>> rows;

    void add_column(const std::string& name) {
        if (std::find(header.begin(), header.end(), name) == header.end()) header.push_back(name);
    }
};

std::string quoted(const std::string& text) {
    return text.find('\'') == std::string::npos ? "'" + text + "'" : "\"" + text + "\"";
}

class Layout {
public:
    explicit Layout(const Survey& survey) : survey_(survey) {
        survey_grid_.header = {"type", "name"};
        for (const char* base : {"label", "hint"}) add_language_columns(survey_grid_, base);
        for (const char* column : {"required", "relevant", "constraint"})
            survey_grid_.add_column(column);
        add_language_columns(survey_grid_, "constraint_message");
        for (const char* column : {"appearance", "parameters", "personal_data", "equality"})
            survey_grid_.add_column(column);
        add_language_columns(survey_grid_, "min_label");
        add_language_columns(survey_grid_, "max_label");
        choices_grid_.header = {"list_name", "name"};
        add_language_columns(choices_grid_, "label");
        choices_grid_.add_column("prefer_not_to_say");
        for (const auto& question : survey.questions) add_question(question);
        add_settings();
    }

    const Grid& survey_sheet() const { return survey_grid_; }
    const Grid& choices_sheet() const { return choices_grid_; }
    const Grid& settings_sheet() const { return settings_grid_; }

private:
    std::string column(const std::string& base, const std::string& language) const {
        return base + "::" + language_header(language);
    }

    void add_language_columns(Grid& grid, const std::string& base) {
        for (const auto& language : survey_.languages) grid.add_column(column(base, language));
    }

    void put_text(std::map<std::string, std::string>& row, const std::string& base,
                  const Text& text) {
        for (const auto& [language, words] : text.by_language) row[column(base, language)] = words;
    }

    void add_question(const Question& q) {
        std::map<std::string, std::string> row;
        row["name"] = q.id;
        put_text(row, "label", q.prompt);
        put_text(row, "hint", q.help);
        if (q.is_required) row["required"] = "yes";
        if (q.is_personal_data) row["personal_data"] = "yes";
        if (q.is_equality) row["equality"] = "yes";
        row["relevant"] = show_if_text(q, survey_);
        std::vector<std::string> constraint;
        const Text* message = nullptr;
        switch (q.type) {
            case QuestionType::smiley:
                row["type"] = "range";
                row["appearance"] = "smileys";
                row["parameters"] = "start=1 end=5 step=1";
                break;
            case QuestionType::stars:
                row["type"] = "range";
                row["appearance"] = "stars";
                row["parameters"] = "start=1 end=" + std::to_string(q.max_value) + " step=1";
                break;
            case QuestionType::scale:
                row["type"] = "range";
                row["parameters"] = "start=" + std::to_string(q.min_value) +
                                    " end=" + std::to_string(q.max_value) + " step=1";
                put_text(row, "min_label", q.min_label);
                put_text(row, "max_label", q.max_label);
                break;
            case QuestionType::yesno:
                row["type"] = "select_one yes_no";
                row["appearance"] = "yes-no";
                add_yes_no_list();
                break;
            case QuestionType::single:
            case QuestionType::multi:
                row["type"] = std::string(q.type == QuestionType::single ? "select_one "
                                                                         : "select_multiple ") +
                              q.id;
                add_list(q);
                if (q.max_choices > 0)
                    constraint.push_back("count-selected(.) <= " + std::to_string(q.max_choices));
                break;
            case QuestionType::text:
                row["type"] = "text";
                if (!q.pattern.empty()) {
                    constraint.push_back("regex(., " + quoted(q.pattern) + ")");
                    message = &q.pattern_hint;
                }
                if (q.max_length > 0 && q.max_length != default_text_max_length)
                    constraint.push_back("string-length(.) <= " + std::to_string(q.max_length));
                break;
            case QuestionType::number:
                row["type"] = "integer";
                if (q.min_value != default_number_min || q.max_value != default_number_max) {
                    constraint.push_back(". >= " + std::to_string(q.min_value));
                    constraint.push_back(". <= " + std::to_string(q.max_value));
                }
                break;
            case QuestionType::consent:
                row["type"] = "acknowledge";
                break;
            case QuestionType::info:
                row["type"] = "note";
                break;
        }
        if (q.constraint) {
            const bool is_list = q.constraint->kind == ExpressionKind::any;
            constraint.push_back(is_list ? "(" + to_text(*q.constraint) + ")"
                                         : to_text(*q.constraint));
            message = &q.constraint_hint;
        }
        std::string joined;
        for (const auto& part : constraint) joined += (joined.empty() ? "" : " and ") + part;
        row["constraint"] = joined;
        if (message != nullptr) put_text(row, "constraint_message", *message);
        survey_grid_.rows.push_back(std::move(row));
    }

    void add_list(const Question& q) {
        for (const auto& option : q.options) {
            std::map<std::string, std::string> row;
            row["list_name"] = q.id;
            row["name"] = option.id;
            put_text(row, "label", option.label);
            if (option.is_prefer_not_to_say) row["prefer_not_to_say"] = "yes";
            choices_grid_.rows.push_back(std::move(row));
        }
    }

    // The kiosk draws Yes and No in its own words; the list exists so other XLSForm tools can
    // read the form. The labels are in English for every language.
    void add_yes_no_list() {
        if (has_yes_no_list_) return;
        has_yes_no_list_ = true;
        for (const char* name : {"yes", "no"}) {
            std::map<std::string, std::string> row;
            row["list_name"] = "yes_no";
            row["name"] = name;
            for (const auto& language : survey_.languages)
                row[column("label", language)] = std::string(name) == "yes" ? "Yes" : "No";
            choices_grid_.rows.push_back(std::move(row));
        }
    }

    void add_settings() {
        std::map<std::string, std::string> row;
        settings_grid_.header = {"form_title", "form_id", "version", "default_language"};
        row["form_title"] = survey_.title.in(survey_.default_language());
        row["form_id"] = survey_.id;
        row["version"] = std::to_string(survey_.version);
        row["default_language"] = language_header(survey_.default_language());
        for (std::size_t i = 1; i < survey_.languages.size(); ++i) {
            const std::string name = column("form_title", survey_.languages[i]);
            settings_grid_.add_column(name);
            row[name] = survey_.title.in(survey_.languages[i]);
        }
        const std::pair<const char*, const Text*> texts[] = {
            {"intro", &survey_.intro},
            {"privacy_notice", &survey_.privacy_notice},
            {"thanks", &survey_.thanks},
            {"you_said_we_did", &survey_.you_said_we_did},
        };
        for (const auto& [base, text] : texts) {
            if (text->empty()) continue;
            add_language_columns(settings_grid_, base);
            put_text(row, base, *text);
        }
        if (!survey_.more_info_url.empty()) {
            settings_grid_.add_column("more_info_url");
            row["more_info_url"] = survey_.more_info_url;
        }
        settings_grid_.add_column("keep_partial");
        row["keep_partial"] = survey_.keeps_partial ? "yes" : "no";
        settings_grid_.add_column("idle_timeout_s");
        row["idle_timeout_s"] = std::to_string(survey_.idle_timeout_s);
        settings_grid_.rows.push_back(std::move(row));
    }

    const Survey& survey_;
    Grid survey_grid_;
    Grid choices_grid_;
    Grid settings_grid_;
    bool has_yes_no_list_ = false;
};

struct WorkbookCloser {
    void operator()(lxw_workbook* workbook) const { workbook_close(workbook); }
};

lxw_error write_grid(lxw_workbook* workbook, const char* name, const Grid& grid, lxw_format* bold) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, name);
    if (sheet == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    for (std::size_t c = 0; c < grid.header.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        if (const lxw_error e = worksheet_write_string(sheet, 0, col, grid.header[c].c_str(), bold))
            return e;
        worksheet_set_column(sheet, col, col, c < 2 ? 18 : 28, nullptr);
    }
    for (std::size_t r = 0; r < grid.rows.size(); ++r) {
        for (std::size_t c = 0; c < grid.header.size(); ++c) {
            const auto found = grid.rows[r].find(grid.header[c]);
            if (found == grid.rows[r].end() || found->second.empty()) continue;
            const lxw_error e =
                worksheet_write_string(sheet, static_cast<lxw_row_t>(r + 1),
                                       static_cast<lxw_col_t>(c), found->second.c_str(), nullptr);
            if (e != LXW_NO_ERROR) return e;
        }
    }
    worksheet_freeze_panes(sheet, 1, 0);
    return LXW_NO_ERROR;
}

}  // namespace

Status write_xlsform(const Survey& survey, const std::filesystem::path& path) {
    const Layout layout(survey);
    const std::string name = path.string();
    std::unique_ptr<lxw_workbook, WorkbookCloser> workbook(workbook_new(name.c_str()));
    if (!workbook) return Error{name + ": cannot be created"};
    lxw_format* bold = workbook_add_format(workbook.get());
    format_set_bold(bold);
    for (const auto& [sheet, grid] :
         {std::pair<const char*, const Grid*>{"survey", &layout.survey_sheet()},
          {"choices", &layout.choices_sheet()},
          {"settings", &layout.settings_sheet()}}) {
        if (const lxw_error e = write_grid(workbook.get(), sheet, *grid, bold); e != LXW_NO_ERROR)
            return Error{name + ": could not be written (" + lxw_strerror(e) + ")"};
    }
    const lxw_error closed = workbook_close(workbook.release());
    if (closed != LXW_NO_ERROR)
        return Error{name + ": could not be written (" + lxw_strerror(closed) + ")"};
    return ok_status();
}

}  // namespace standpoint

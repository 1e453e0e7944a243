#include "kiosk/export/export_table.hpp"

#include <map>
#include <utility>
#include <variant>

#include "kiosk/core/local_time.hpp"

namespace standpoint {

namespace {

struct FixedColumn {
    const char* name;
    ColumnKind kind;
    const char* description;
};

constexpr FixedColumn fixed_columns[] = {
    {"response_id", ColumnKind::response_id, "Response id (UUID)"},
    {"survey_id", ColumnKind::survey_id, "Survey id"},
    {"survey_version", ColumnKind::survey_version, "Survey version"},
    {"event_id", ColumnKind::event_id, "Event"},
    {"device_id", ColumnKind::device_id, "Kiosk device id"},
    {"status", ColumnKind::status, "complete, or partial (timed out or abandoned)"},
    {"language", ColumnKind::language, "Language the resident used"},
    {"started_at", ColumnKind::started_at, "Started, kiosk local time"},
    {"completed_at", ColumnKind::completed_at, "Completed (or abandoned), kiosk local time"},
    {"utc_offset", ColumnKind::utc_offset,
     "Kiosk offset from UTC in minutes (local = UTC + offset)"},
};

// One question id's columns while they are being gathered from several survey versions.
struct QuestionGroup {
    const Question* question = nullptr;  // the first (newest) definition
    const Survey* survey = nullptr;
    std::vector<const Option*> options;  // multi: the union over versions, first seen first
    bool is_personal = false;
};

const std::string& label_in(const Text& text, const std::string& language, const Survey& survey) {
    return text.in(language, survey.default_language());
}

const std::string* option_label(const Question& question, const std::string& option_id,
                                const std::string& language, const Survey& survey) {
    for (const auto& option : question.options) {
        if (option.id == option_id) return &label_in(option.label, language, survey);
    }
    return nullptr;
}

}  // namespace

ExportTable::ExportTable(const SurveyCatalog& catalog, const std::vector<std::string>& survey_ids,
                         bool include_personal, std::string language)
    : catalog_(catalog), language_(std::move(language)) {
    for (const auto& fixed : fixed_columns) {
        ExportColumn column;
        column.name = fixed.name;
        column.kind = fixed.kind;
        column.prompt = fixed.description;
        columns_.push_back(std::move(column));
    }

    std::vector<QuestionGroup> groups;
    std::map<std::string, std::size_t> group_of;
    for (const auto& survey_id : survey_ids) {
        for (const CatalogSurvey* version : catalog.versions_newest_first(survey_id)) {
            for (const auto& question : version->survey.questions) {
                if (question.type == QuestionType::info) continue;
                auto [at, is_new] = group_of.emplace(question.id, groups.size());
                if (is_new) groups.push_back({&question, &version->survey, {}, false});
                QuestionGroup& group = groups[at->second];
                group.is_personal =
                    group.is_personal || catalog.personal_question_ids.contains(question.id);
                if (group.question->type != QuestionType::multi ||
                    question.type != QuestionType::multi) {
                    continue;
                }
                for (const auto& option : question.options) {
                    bool is_known = false;
                    for (const Option* known : group.options)
                        is_known = is_known || known->id == option.id;
                    if (!is_known) group.options.push_back(&option);
                }
            }
        }
    }

    for (const auto& group : groups) {
        if (group.is_personal && !include_personal) continue;
        const Question& question = *group.question;
        ExportColumn column;
        column.name = question.id;
        column.kind = ColumnKind::answer;
        column.question_id = question.id;
        column.survey_id = group.survey->id;
        column.type = to_string(question.type);
        column.prompt = label_in(question.prompt, language_, *group.survey);
        column.is_personal = group.is_personal;
        column.is_equality = question.is_equality;
        columns_.push_back(column);
        for (const Option* option : group.options) {
            ExportColumn flag = column;
            flag.name = question.id + ":" + option->id;
            flag.kind = ColumnKind::option_flag;
            flag.option_id = option->id;
            flag.option_label = label_in(option->label, language_, *group.survey);
            columns_.push_back(std::move(flag));
        }
    }

    questions_.resize(catalog.surveys.size());
    for (std::size_t s = 0; s < catalog.surveys.size(); ++s) {
        const Survey& survey = catalog.surveys[s].survey;
        auto& questions = questions_[s];
        questions.assign(columns_.size(), nullptr);
        for (std::size_t c = 0; c < columns_.size(); ++c) {
            if (!columns_[c].question_id.empty())
                questions[c] = survey.find(columns_[c].question_id);
        }
    }
}

void ExportTable::fill_row(const StoredResponse& stored, std::vector<Cell>& cells) const {
    const Response& response = stored.response;
    const auto survey_index = catalog_.index_by_sha256.at(response.survey.sha256);
    const Survey& survey = catalog_.surveys[survey_index].survey;
    const auto& questions = questions_[survey_index];
    cells.resize(columns_.size());

    const auto set_text = [](Cell& cell, const std::string& text) {
        cell.kind = Cell::Kind::text;
        cell.text.assign(text);
    };
    const auto set_number = [](Cell& cell, std::int64_t number) {
        cell.kind = Cell::Kind::number;
        cell.number = number;
    };

    for (std::size_t c = 0; c < columns_.size(); ++c) {
        const ExportColumn& column = columns_[c];
        Cell& cell = cells[c];
        cell.kind = Cell::Kind::empty;
        switch (column.kind) {
            case ColumnKind::response_id:
                set_text(cell, response.id);
                break;
            case ColumnKind::survey_id:
                set_text(cell, response.survey.id);
                break;
            case ColumnKind::survey_version:
                set_number(cell, response.survey.version);
                break;
            case ColumnKind::event_id:
                set_text(cell, response.event_id);
                break;
            case ColumnKind::device_id:
                set_text(cell, response.device_id);
                break;
            case ColumnKind::status:
                cell.kind = Cell::Kind::text;
                cell.text.assign(to_string(response.status));
                break;
            case ColumnKind::language:
                set_text(cell, response.language);
                break;
            case ColumnKind::started_at:
                cell.kind = Cell::Kind::local_time;
                cell.number = local_seconds(response.started_at, response.utc_offset_minutes);
                break;
            case ColumnKind::completed_at:
                cell.kind = Cell::Kind::local_time;
                cell.number = local_seconds(response.completed_at, response.utc_offset_minutes);
                break;
            case ColumnKind::utc_offset:
                set_number(cell, response.utc_offset_minutes);
                break;
            case ColumnKind::answer:
            case ColumnKind::option_flag: {
                const Question* question = questions[c];
                if (question == nullptr) break;
                const auto found = response.answers.find(column.question_id);
                if (found == response.answers.end()) break;
                const Answer& answer = found->second;
                if (column.kind == ColumnKind::option_flag) {
                    // Empty, not 0, when this response's version did not offer the option.
                    if (option_label(*question, column.option_id, language_, survey) == nullptr)
                        break;
                    if (const auto* choices = std::get_if<ChoicesAnswer>(&answer)) {
                        bool is_ticked = false;
                        for (const auto& id : choices->option_ids)
                            is_ticked = is_ticked || id == column.option_id;
                        set_number(cell, is_ticked ? 1 : 0);
                    }
                    break;
                }
                if (const auto* number = std::get_if<NumberAnswer>(&answer)) {
                    set_number(cell, number->value);
                } else if (const auto* yes_no = std::get_if<YesNoAnswer>(&answer)) {
                    cell.kind = Cell::Kind::text;
                    cell.text.assign(yes_no->value ? "yes" : "no");
                } else if (const auto* choice = std::get_if<ChoiceAnswer>(&answer)) {
                    const std::string* label =
                        option_label(*question, choice->option_id, language_, survey);
                    set_text(cell, label != nullptr ? *label : choice->option_id);
                } else if (const auto* choices = std::get_if<ChoicesAnswer>(&answer)) {
                    cell.kind = Cell::Kind::text;
                    cell.text.clear();
                    for (const auto& id : choices->option_ids) {
                        if (!cell.text.empty()) cell.text += "; ";
                        const std::string* label = option_label(*question, id, language_, survey);
                        cell.text += label != nullptr ? *label : id;
                    }
                } else if (const auto* text = std::get_if<TextAnswer>(&answer)) {
                    set_text(cell, text->value);
                }
                break;
            }
        }
    }
}

}  // namespace standpoint

// build_export (export_files.hpp): filters the snapshot and builds every file of the export
// folder in docs/export.md's order, manifest.json last. Each file has its own builder:
//   responses.csv, questions.csv  responses_csv.hpp (columns and cells: export_table.hpp)
//   responses.xlsx                responses_xlsx.hpp (the one piece of I/O: a scratch file)
//   responses.jsonl               responses_jsonl.hpp
//   surveys.json, manifest.json   export_manifest.hpp
//   summary.html                  summary_html.hpp over results.hpp
//   damaged.jsonl                 responses_jsonl.hpp (only when there are damaged responses)
#include "kiosk/export/export_files.hpp"

#include <algorithm>

#include "kiosk/core/local_time.hpp"
#include "kiosk/export/export_manifest.hpp"
#include "kiosk/export/export_table.hpp"
#include "kiosk/export/responses_csv.hpp"
#include "kiosk/export/responses_jsonl.hpp"
#include "kiosk/export/responses_xlsx.hpp"
#include "kiosk/export/results.hpp"
#include "kiosk/export/summary_html.hpp"
#include "kiosk/export/survey_catalog.hpp"
#include "sync/protocol/sealed_box.hpp"
#include "sync/protocol/export_folder.hpp"

namespace standpoint {

namespace {

Status check_dates(const ExportOptions& options) {
    for (const auto* date : {&options.from_date, &options.to_date}) {
        if (*date && !is_iso_date(**date)) {
            return Error{"'" + **date +
                         "' is not a date. Give dates as YYYY-MM-DD, e.g. 2026-11-23."};
        }
    }
    if (options.from_date && options.to_date && *options.from_date > *options.to_date) {
        return Error{"The start date " + *options.from_date + " is after the end date " +
                     *options.to_date + ". Swap them."};
    }
    return ok_status();
}

std::string completion_date(const Response& response) {
    return local_date(local_seconds(response.completed_at, response.utc_offset_minutes));
}

std::vector<const StoredResponse*> select_responses(const std::vector<StoredResponse>& rows,
                                                    const ExportOptions& options) {
    std::vector<const StoredResponse*> selected;
    selected.reserve(rows.size());
    const bool has_dates = options.from_date || options.to_date;
    for (const auto& stored : rows) {
        const Response& response = stored.response;
        if (!options.event_id.empty() && response.event_id != options.event_id) continue;
        if (has_dates) {
            const std::string date = completion_date(response);
            if (options.from_date && date < *options.from_date) continue;
            if (options.to_date && date > *options.to_date) continue;
        }
        selected.push_back(&stored);
    }
    return selected;
}

const Response* last_completed(const std::vector<const StoredResponse*>& responses) {
    const Response* last = nullptr;
    for (const StoredResponse* stored : responses) {
        if (last == nullptr || stored->response.completed_at > last->completed_at)
            last = &stored->response;
    }
    return last;
}

const Response* first_completed(const std::vector<const StoredResponse*>& responses) {
    const Response* first = nullptr;
    for (const StoredResponse* stored : responses) {
        if (first == nullptr || stored->response.completed_at < first->completed_at)
            first = &stored->response;
    }
    return first;
}

// docs/export.md "The folder": <date>.
std::string folder_date(const ExportSnapshot& snapshot, const ExportOptions& options,
                        const std::vector<const StoredResponse*>& responses) {
    const Response* last = last_completed(responses);
    const auto range = [](const std::string& from, const std::string& to) {
        return from == to ? from : from + "_" + to;
    };
    if (options.from_date && options.to_date) return range(*options.from_date, *options.to_date);
    if (options.to_date) return *options.to_date;
    const std::string last_date =
        last != nullptr ? completion_date(*last) : local_date(local_seconds(snapshot.taken_at, 0));
    if (options.from_date)
        return range(*options.from_date, std::max(*options.from_date, last_date));
    return last_date;
}

// For the summary's heading: the dates chosen, else the dates the responses span.
std::string date_range_text(const ExportOptions& options,
                            const std::vector<const StoredResponse*>& responses) {
    const auto range = [](const std::string& from, const std::string& to) {
        return from == to ? from : from + " to " + to;
    };
    const Response* first = first_completed(responses);
    const Response* last = last_completed(responses);
    const std::string first_date = first != nullptr ? completion_date(*first) : "";
    const std::string last_date = last != nullptr ? completion_date(*last) : "";
    const std::string from = options.from_date.value_or(first_date);
    const std::string to = options.to_date.value_or(last_date);
    if (from.empty() || to.empty()) return from + to;
    return range(from, to);
}

std::vector<SurveyResults> summarise_all(const SurveyCatalog& catalog,
                                         const std::vector<const StoredResponse*>& responses,
                                         const ExportOptions& options) {
    std::vector<SurveyResults> all;
    for (const auto& survey_id : catalog.survey_ids()) {
        std::vector<Response> of_survey;
        for (const StoredResponse* stored : responses) {
            if (stored->response.survey.id == survey_id) of_survey.push_back(stored->response);
        }
        const Survey& newest = catalog.versions_newest_first(survey_id).front()->survey;
        SurveyResults results = summarise(newest, of_survey, options.report_language);
        if (!options.include_personal) {
            std::erase_if(results.questions, [&](const QuestionResult& question) {
                return question.is_personal_data ||
                       catalog.personal_question_ids.contains(question.question_id);
            });
        }
        all.push_back(std::move(results));
    }
    return all;
}

// personal.jsonl.sealed: every exported response, lossless (personal answers and stored hashes
// included), sealed to the collector's key. Nobody holding the stick can read it.
Result<ExportFile> sealed_personal_file(const std::vector<const StoredResponse*>& responses,
                                        const std::string& collector_public_key) {
    auto full = responses_jsonl(responses, {});
    if (!full) return full.error();
    if (full->size() > max_sealed_plaintext_bytes) {
        return Error{
            "There is too much to seal in one export with personal data (more than 256 "
            "MiB). Export fewer days at a time (--from/--to)."};
    }
    auto sealed = seal_to(collector_public_key, *full);
    if (!sealed) return sealed.error();
    return ExportFile{export_file::personal_sealed, std::move(sealed).value()};
}

}  // namespace

Result<std::vector<SurveyResults>> summarise_export(const ExportSnapshot& snapshot,
                                                    const ExportOptions& options,
                                                    std::vector<const StoredResponse*>* selected) {
    if (Status dates = check_dates(options); !dates) return dates.error();
    auto responses = select_responses(snapshot.responses, options);
    auto catalog = make_survey_catalog(responses, snapshot.surveys);
    if (!catalog) return catalog.error();
    auto results = summarise_all(catalog.value(), responses, options);
    if (selected != nullptr) *selected = std::move(responses);
    return results;
}

Result<ExportPlan> build_export(const ExportSnapshot& snapshot, const ExportOptions& chosen,
                                const std::filesystem::path& scratch_dir) {
    if (Status dates = check_dates(chosen); !dates) return dates.error();
    if (chosen.include_personal && chosen.collector_public_key.empty()) {
        return Error{
            "Personal data goes on a stick only sealed to the collector's key, and this "
            "kiosk has none. Put the collector's key file standpoint-collector.pub (from "
            "`standpoint-collector public-key`) in the kiosk's data folder or on the "
            "stick, or export without personal data."};
    }
    // Every file people can open is built as if personal data were left out; when staff include
    // it, it travels only in the sealed file.
    ExportOptions options = chosen;
    options.include_personal = false;
    const auto responses = select_responses(snapshot.responses, options);
    const auto damaged = select_responses(snapshot.damaged, options);
    auto catalog_made = make_survey_catalog(responses, snapshot.surveys);
    if (!catalog_made) return catalog_made.error();
    const SurveyCatalog& catalog = catalog_made.value();
    const std::set<std::string>& withheld = catalog.personal_question_ids;

    const ExportTable table(catalog, catalog.survey_ids(), options.include_personal,
                            options.report_language);
    auto jsonl = responses_jsonl(responses, withheld);
    if (!jsonl) return jsonl.error();
    auto surveys = surveys_json(catalog);
    if (!surveys) return surveys.error();
    const auto results = summarise_all(catalog, responses, options);

    XlsxInput xlsx_input;
    xlsx_input.catalog = &catalog;
    xlsx_input.responses = &responses;
    xlsx_input.results = &results;
    xlsx_input.include_personal = options.include_personal;
    xlsx_input.language = options.report_language;
    xlsx_input.created_at = snapshot.taken_at;
    auto xlsx = responses_xlsx(xlsx_input, scratch_dir);
    if (!xlsx) return xlsx.error();

    SummaryHeading heading;
    heading.event_id = options.event_id;
    for (const StoredResponse* each : responses)
        if (std::find(heading.events.begin(), heading.events.end(), each->response.event_id) ==
            heading.events.end())
            heading.events.push_back(each->response.event_id);
    const std::string& one_event = !options.event_id.empty()    ? options.event_id
                                   : heading.events.size() == 1 ? heading.events.front()
                                                                : options.event_id;
    if (!options.named_event_id.empty() && one_event == options.named_event_id) {
        heading.event_name = options.event_name;
        heading.venue = options.venue;
    }
    heading.personal_data_sealed = chosen.include_personal;
    heading.device_id = snapshot.device_id;
    heading.date_range = date_range_text(options, responses);
    heading.created_at = format_utc(snapshot.taken_at);
    heading.includes_personal_data = options.include_personal;

    ExportPlan plan;
    plan.files.push_back({export_file::responses_csv, responses_csv(table, responses)});
    plan.files.push_back({export_file::questions_csv, questions_csv(table)});
    plan.files.push_back({export_file::responses_xlsx, std::move(xlsx).value()});
    plan.files.push_back({export_file::responses_jsonl, std::move(jsonl).value()});
    plan.files.push_back({export_file::surveys_json, std::move(surveys).value()});
    // Each workbook a survey was chosen as, byte for byte, named in surveys.json's "source".
    for (const CatalogSurvey& survey : catalog.surveys)
        if (!survey.source_name.empty())
            plan.files.push_back({source_file_name(survey), survey.source_bytes});
    plan.files.push_back({export_file::summary_html, summary_html(results, heading)});
    if (!damaged.empty())
        plan.files.push_back({export_file::damaged_jsonl, damaged_jsonl(damaged, options.include_personal)});
    if (chosen.include_personal) {
        auto sealed = sealed_personal_file(responses, chosen.collector_public_key);
        if (!sealed) return sealed.error();
        plan.files.push_back(std::move(sealed).value());
    }

    ManifestFacts facts;
    facts.created_at = snapshot.taken_at;
    facts.device_id = snapshot.device_id;
    facts.event_id = options.event_id;
    facts.from_date = options.from_date;
    facts.to_date = options.to_date;
    facts.include_personal = chosen.include_personal;
    facts.withheld_questions = withheld;
    facts.damaged = static_cast<std::int64_t>(damaged.size());
    if (chosen.include_personal) facts.sealed_to = chosen.collector_public_key;
    std::string manifest = manifest_json(facts, responses, catalog, plan.files);
    // manifest.sig before manifest.json: the manifest stays the last file, the mark of a
    // complete folder, and a folder with it always has its signature.
    if (chosen.signing_key) {
        plan.files.push_back(
            {export_file::manifest_sig, manifest_signature_json(*chosen.signing_key, manifest)});
    }
    plan.files.push_back({export_file::manifest_json, std::move(manifest)});

    const std::string event_part =
        options.event_id.empty() ? std::string("all-events") : fat_safe_name(options.event_id, 32);
    plan.folder_name =
        fat_safe_name("standpoint-" + event_part + "-" + folder_date(snapshot, options, responses) +
                          "-" + snapshot.device_id.substr(0, 8),
                      80);
    plan.response_count = static_cast<std::int64_t>(responses.size());
    for (const StoredResponse* stored : responses) plan.response_ids.push_back(stored->response.id);
    plan.damaged_count = static_cast<std::int64_t>(damaged.size());
    return plan;
}

}  // namespace standpoint

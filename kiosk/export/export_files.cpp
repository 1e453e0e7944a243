// build_export (export_files.hpp): stream_export (export_stream.hpp) over a snapshot, into files
// kept in memory; and summarise_export for the collector's console. Each file has its own
// builder:
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
#include "kiosk/export/export_stream.hpp"
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

std::string completion_date(const Response& response) {
    return local_date(local_seconds(response.completed_at, response.utc_offset_minutes));
}

std::vector<const StoredResponse*> select_responses(const std::vector<StoredResponse>& rows,
                                                    const ExportOptions& options) {
    std::vector<const StoredResponse*> selected;
    selected.reserve(rows.size());
    for (const auto& stored : rows)
        if (export_selects(stored.response, options)) selected.push_back(&stored);
    return selected;
}

std::vector<SurveyResults> summarise_all(const SurveyCatalog& catalog,
                                         const std::vector<const StoredResponse*>& responses,
                                         const ExportOptions& options) {
    std::vector<SurveyResults> all;
    for (const auto& survey_id : catalog.survey_ids()) {
        const Survey& newest = catalog.versions_newest_first(survey_id).front()->survey;
        SurveyTally tally(newest, options.report_language);
        for (const StoredResponse* stored : responses) tally.add(stored->response);
        SurveyResults results = tally.results();
        if (!options.include_personal) leave_out_personal(results, catalog.personal_question_ids);
        all.push_back(std::move(results));
    }
    return all;
}

// The files kept in memory, in the order the export lists them.
class MemorySink final : public ExportSink {
public:
    Status begin(const ExportStart&) override { return ok_status(); }
    Result<int> open_file(const std::string& name) override {
        files_.push_back({name, {}});
        return static_cast<int>(files_.size() - 1);
    }
    Status append(int file, std::string_view bytes) override {
        files_[static_cast<std::size_t>(file)].bytes.append(bytes);
        return ok_status();
    }
    Status close_file(int, const SunkFile&) override { return ok_status(); }
    Status finish(const std::string& manifest_bytes) override {
        files_.push_back({export_file::manifest_json, manifest_bytes});
        return ok_status();
    }
    // The files in `order` (by name).
    std::vector<ExportFile> take(const std::vector<SunkFile>& order) {
        std::vector<ExportFile> ordered;
        for (const SunkFile& each : order) {
            for (ExportFile& file : files_)
                if (file.name == each.name) ordered.push_back(std::move(file));
        }
        return ordered;
    }

private:
    std::vector<ExportFile> files_;
};

}  // namespace

Result<std::vector<SurveyResults>> summarise_export(const ExportSnapshot& snapshot,
                                                    const ExportOptions& options,
                                                    std::vector<const StoredResponse*>* selected) {
    if (Status dates = check_export_dates(options); !dates) return dates.error();
    auto responses = select_responses(snapshot.responses, options);
    auto catalog = make_survey_catalog(responses, snapshot.surveys);
    if (!catalog) return catalog.error();
    auto results = summarise_all(catalog.value(), responses, options);
    if (selected != nullptr) *selected = std::move(responses);
    return results;
}

bool export_selects(const Response& response, const ExportOptions& options) {
    if (!options.event_id.empty() && response.event_id != options.event_id) return false;
    if (options.from_date || options.to_date) {
        const std::string date = completion_date(response);
        if (options.from_date && date < *options.from_date) return false;
        if (options.to_date && date > *options.to_date) return false;
    }
    return true;
}

Status check_export_dates(const ExportOptions& options) {
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

Result<ExportPlan> build_export(const ExportSnapshot& snapshot, const ExportOptions& options,
                                const std::filesystem::path& scratch_dir) {
    SnapshotRows rows(snapshot);
    const ExportContext context{snapshot.device_id, snapshot.surveys, snapshot.taken_at};
    MemorySink sink;
    auto outcome = stream_export(rows, context, options, scratch_dir, sink);
    if (!outcome) return outcome.error();
    ExportPlan plan;
    plan.folder_name = outcome->folder_name;
    plan.files = sink.take(outcome->files);
    plan.response_count = outcome->response_count;
    plan.response_ids = std::move(outcome->response_ids);
    plan.damaged_count = outcome->damaged_count;
    return plan;
}

}  // namespace standpoint

// stream_export (export_stream.hpp): the export's two passes over the responses and the files
// they feed, in docs/export.md's order in the manifest, manifest.json last.
//
// Index:
//   [SECTION] OutFile and SnapshotRows
//   [SECTION] Pass 1: what is selected
//   [SECTION] Pass 2: the files fed row by row
//   [SECTION] stream_export
#include "kiosk/export/export_stream.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "kiosk/core/answer_check.hpp"
#include "kiosk/core/local_time.hpp"
#include "kiosk/export/export_manifest.hpp"
#include "kiosk/export/export_table.hpp"
#include "kiosk/export/responses_csv.hpp"
#include "kiosk/export/responses_jsonl.hpp"
#include "kiosk/export/responses_xlsx.hpp"
#include "kiosk/export/results.hpp"
#include "kiosk/export/summary_html.hpp"
#include "kiosk/export/survey_catalog.hpp"
#include "sync/protocol/export_folder.hpp"
#include "sync/protocol/sealed_box.hpp"

namespace standpoint {

// [SECTION] OutFile and SnapshotRows ---------------------------------------------------------

OutFile::OutFile(ExportSink& sink, std::string name, int handle)
    : sink_(&sink), name_(std::move(name)), handle_(handle) {
    buffer_.reserve(flush_bytes + flush_bytes / 4);
}

Result<OutFile> OutFile::open(ExportSink& sink, const std::string& name) {
    auto handle = sink.open_file(name);
    if (!handle) return handle.error();
    return OutFile(sink, name, *handle);
}

Status OutFile::flush() {
    if (buffer_.empty()) return ok_status();
    sha256_.add(buffer_);
    bytes_ += buffer_.size();
    Status appended = sink_->append(handle_, buffer_);
    buffer_.clear();
    return appended;
}

Result<SunkFile> OutFile::close() {
    if (Status flushed = flush(); !flushed) return flushed.error();
    SunkFile written{name_, bytes_, sha256_.hex()};
    if (Status closed = sink_->close_file(handle_, written); !closed) return closed.error();
    std::string().swap(buffer_);
    return written;
}

Status SnapshotRows::each_row(const Visit& visit) {
    // The visitor takes a row it may change (parse); a snapshot is not changed, so it gets a copy
    // of each row in turn.
    for (const StoredResponse& row : snapshot_.responses) {
        StoredResponse copy = row;
        if (Status done = visit(copy, RowKind::parsed); !done) return done;
    }
    for (const StoredResponse& row : snapshot_.damaged) {
        StoredResponse copy = row;
        if (Status done = visit(copy, RowKind::damaged); !done) return done;
    }
    return ok_status();
}

namespace {

// A whole file from bytes already in memory.
Result<SunkFile> write_whole(ExportSink& sink, const std::string& name, std::string_view bytes) {
    auto file = OutFile::open(sink, name);
    if (!file) return file.error();
    file->buffer().append(bytes);
    return file->close();
}

// A file on the local disk (the workbook, made in the scratch folder), handed over in pieces.
Result<SunkFile> write_from_disk(ExportSink& sink, const std::string& name,
                                 const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"Cannot read back the spreadsheet written to " + path.string() + "."};
    auto file = OutFile::open(sink, name);
    if (!file) return file.error();
    std::string& buffer = file->buffer();
    for (;;) {
        const std::size_t had = buffer.size();
        buffer.resize(had + OutFile::flush_bytes);
        in.read(buffer.data() + had, static_cast<std::streamsize>(OutFile::flush_bytes));
        buffer.resize(had + static_cast<std::size_t>(in.gcount()));
        if (Status flushed = file->flush(); !flushed) return flushed.error();
        if (!in) break;
    }
    if (in.bad())
        return Error{"Cannot read back the spreadsheet written to " + path.string() + "."};
    return file->close();
}

// [SECTION] Pass 1: what is selected ----------------------------------------------------------

std::string completion_date(TimePoint completed_at, int utc_offset_minutes) {
    return local_date(local_seconds(completed_at, utc_offset_minutes));
}

// When a selected response was completed, in its own offset (for the folder's date).
struct Completion {
    TimePoint at;
    int utc_offset_minutes = 0;
    std::string date() const { return completion_date(at, utc_offset_minutes); }
};

struct Selection {
    std::map<std::string, NamedSurvey> surveys;  // by survey file SHA-256
    std::vector<std::string> events;             // first seen first
    std::optional<Completion> first, last;
    std::int64_t complete = 0;
    std::vector<std::string> response_ids;
    std::vector<StoredResponse> damaged;  // few: a damaged row is a disk fault
    std::uint64_t answers_bytes = 0;      // for the size estimate
    std::int64_t last_seq = 0;
};

void note_selected(Selection& selection, const StoredResponse& row) {
    const Response& response = row.response;
    ++selection.surveys.emplace(response.survey.sha256, NamedSurvey{response.survey, 0})
          .first->second.responses;
    if (std::find(selection.events.begin(), selection.events.end(), response.event_id) ==
        selection.events.end())
        selection.events.push_back(response.event_id);
    const Completion completed{response.completed_at, response.utc_offset_minutes};
    if (!selection.first || completed.at < selection.first->at) selection.first = completed;
    if (!selection.last || completed.at > selection.last->at) selection.last = completed;
    if (response.status == ResponseStatus::complete) ++selection.complete;
    selection.response_ids.push_back(response.id);
    selection.answers_bytes += row.answers_json.size();
}

bool is_damaged(const StoredResponse& row, RowKind kind) {
    return kind == RowKind::damaged || (kind == RowKind::unparsed && !answers_are_intact(row));
}

Result<Selection> select_rows(ExportRowSource& rows, const ExportOptions& options) {
    Selection selection;
    Status read = rows.each_row([&](StoredResponse& row, RowKind kind) -> Status {
        if (!export_selects(row.response, options)) return ok_status();
        if (is_damaged(row, kind)) {
            selection.damaged.push_back(std::move(row));
        } else {
            note_selected(selection, row);
        }
        return ok_status();
    });
    if (!read) return read.error();
    return selection;
}

// docs/export.md "The folder": <date>.
std::string folder_date(const ExportContext& context, const ExportOptions& options,
                        const Selection& selection) {
    const auto range = [](const std::string& from, const std::string& to) {
        return from == to ? from : from + "_" + to;
    };
    if (options.from_date && options.to_date) return range(*options.from_date, *options.to_date);
    if (options.to_date) return *options.to_date;
    const std::string last_date =
        selection.last ? selection.last->date() : local_date(local_seconds(context.taken_at, 0));
    if (options.from_date)
        return range(*options.from_date, std::max(*options.from_date, last_date));
    return last_date;
}

// For the summary's heading: the dates chosen, else the dates the responses span.
std::string date_range_text(const ExportOptions& options, const Selection& selection) {
    const std::string first_date = selection.first ? selection.first->date() : "";
    const std::string last_date = selection.last ? selection.last->date() : "";
    const std::string from = options.from_date.value_or(first_date);
    const std::string to = options.to_date.value_or(last_date);
    if (from.empty() || to.empty()) return from + to;
    return from == to ? from : from + " to " + to;
}

// What the files will take: per response about its answers four times over (CSV, the JSONL's
// two copies, the workbook) and 700 bytes of ids, times and markup (measured: 1,060 bytes per
// response of 100 bytes of answers), plus the survey files twice (surveys.json and the workbook
// kept beside them) and 1 MB for the rest. An estimate: a stick that is still too full fails at
// write() with ENOSPC, reported just as clearly.
std::uint64_t estimated_bytes(const Selection& selection, const SurveyCatalog& catalog) {
    std::uint64_t total = 4 * selection.answers_bytes +
                          700 * static_cast<std::uint64_t>(selection.response_ids.size()) +
                          (1u << 20);
    for (const CatalogSurvey& survey : catalog.surveys)
        total += 2 * survey.definition.size() + survey.source_bytes.size();
    for (const StoredResponse& row : selection.damaged) total += 2 * row.answers_json.size() + 600;
    return total;
}

// [SECTION] Pass 2: the files fed row by row --------------------------------------------------

// Types a stored row's answers by the survey file it was given on (as the store's
// rows_for_export does).
Status parse_answers(StoredResponse& row, const SurveyCatalog& catalog) {
    const CatalogSurvey* survey = catalog.find(row.response.survey.sha256);
    if (survey == nullptr) {
        return Error{"Response " + row.response.id + " was given on survey \"" +
                     row.response.survey.id + "\" version " +
                     std::to_string(row.response.survey.version) +
                     ", but the store holds no copy of that survey file, so its answers cannot "
                     "be read for the export. Call support: the response itself is safe in the "
                     "store."};
    }
    auto answers = stored_answers_for_export(row.response.id, row.answers_json, survey->survey);
    if (!answers) return answers.error();
    row.response.answers = std::move(answers.value());
    return ok_status();
}

// Everything pass 2 feeds.
struct RowFiles {
    const SurveyCatalog* catalog = nullptr;
    const ExportTable* table = nullptr;
    const std::set<std::string>* withheld = nullptr;
    OutFile* csv = nullptr;
    OutFile* jsonl = nullptr;
    XlsxBuilder* xlsx = nullptr;
    std::map<std::string, SurveyTally>* tallies = nullptr;  // by survey id
    std::string* sealed_plaintext = nullptr;                // when personal data is sealed
    std::vector<Cell> cells;
    std::int64_t rows = 0;
};

// The row is the workbook's when this returns.
Status feed(RowFiles& files, StoredResponse& row) {
    ++files.rows;
    append_csv_row(*files.table, row, files.cells, files.csv->buffer());
    if (Status flushed = files.csv->flush_if_full(); !flushed) return flushed;
    if (Status line = append_jsonl_line(row, *files.withheld, files.jsonl->buffer()); !line)
        return line;
    if (Status flushed = files.jsonl->flush_if_full(); !flushed) return flushed;
    if (auto tally = files.tallies->find(row.response.survey.id); tally != files.tallies->end())
        tally->second.add(row.response);
    if (files.sealed_plaintext != nullptr) {
        // Every exported response, lossless, sealed in one piece: this one file is held in
        // memory, bounded by the seal's own limit.
        if (Status line = append_jsonl_line(row, {}, *files.sealed_plaintext); !line) return line;
        if (files.sealed_plaintext->size() > max_sealed_plaintext_bytes) {
            return Error{
                "There is too much to seal in one export with personal data (more than 256 "
                "MiB). Export fewer days at a time (--from/--to)."};
        }
    }
    return files.xlsx->add(std::move(row));  // last: the workbook's thread takes the row
}

std::vector<SurveyResults> results_of(const SurveyCatalog& catalog,
                                      const std::map<std::string, SurveyTally>& tallies,
                                      const ExportOptions& options) {
    std::vector<SurveyResults> all;
    for (const auto& survey_id : catalog.survey_ids()) {
        SurveyResults results = tallies.at(survey_id).results();
        if (!options.include_personal) leave_out_personal(results, catalog.personal_question_ids);
        all.push_back(std::move(results));
    }
    return all;
}

}  // namespace

// [SECTION] stream_export ----------------------------------------------------------------------

Result<ExportOutcome> stream_export(ExportRowSource& rows, const ExportContext& context,
                                    const ExportOptions& chosen,
                                    const std::filesystem::path& scratch_dir, ExportSink& sink) {
    if (Status dates = check_export_dates(chosen); !dates) return dates.error();
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

    auto selected = select_rows(rows, options);
    if (!selected) return selected.error();
    Selection& selection = selected.value();
    auto catalog_made = make_survey_catalog(selection.surveys, context.surveys);
    if (!catalog_made) return catalog_made.error();
    const SurveyCatalog& catalog = catalog_made.value();
    const std::set<std::string>& withheld = catalog.personal_question_ids;

    ExportOutcome outcome;
    const std::string event_part =
        options.event_id.empty() ? std::string("all-events") : fat_safe_name(options.event_id, 32);
    outcome.folder_name =
        fat_safe_name("standpoint-" + event_part + "-" + folder_date(context, options, selection) +
                          "-" + context.device_id.substr(0, 8),
                      80);
    outcome.response_count = static_cast<std::int64_t>(selection.response_ids.size());
    outcome.damaged_count = static_cast<std::int64_t>(selection.damaged.size());
    const ExportStart start{outcome.folder_name, estimated_bytes(selection, catalog),
                            outcome.response_count, outcome.damaged_count};
    if (Status begun = sink.begin(start); !begun) return begun.error();

    std::map<std::string, SunkFile> written;  // by name; the manifest lists them in order below
    const auto keep = [&written](Result<SunkFile> file) -> Status {
        if (!file) return file.error();
        written[file->name] = std::move(file).value();
        return ok_status();
    };

    const ExportTable table(catalog, catalog.survey_ids(), options.include_personal,
                            options.report_language);
    if (Status done = keep(write_whole(sink, export_file::questions_csv, questions_csv(table)));
        !done)
        return done.error();

    auto csv = OutFile::open(sink, export_file::responses_csv);
    if (!csv) return csv.error();
    append_csv_header(table, csv->buffer());
    auto jsonl = OutFile::open(sink, export_file::responses_jsonl);
    if (!jsonl) return jsonl.error();
    XlsxInput xlsx_input;
    xlsx_input.catalog = &catalog;
    xlsx_input.include_personal = options.include_personal;
    xlsx_input.language = options.report_language;
    xlsx_input.created_at = context.taken_at;
    auto xlsx = XlsxBuilder::start(xlsx_input, scratch_dir);
    if (!xlsx) return xlsx.error();
    // One running total per survey id, over the newest definition (every version's responses).
    std::map<std::string, SurveyTally> tallies;
    for (const auto& survey_id : catalog.survey_ids()) {
        tallies.emplace(survey_id,
                        SurveyTally(catalog.versions_newest_first(survey_id).front()->survey,
                                    options.report_language));
    }
    std::string sealed_plaintext;

    RowFiles files;
    files.catalog = &catalog;
    files.table = &table;
    files.withheld = &withheld;
    files.csv = &csv.value();
    files.jsonl = &jsonl.value();
    files.xlsx = xlsx->get();
    files.tallies = &tallies;
    files.sealed_plaintext = chosen.include_personal ? &sealed_plaintext : nullptr;
    Status fed = rows.each_row([&](StoredResponse& row, RowKind kind) -> Status {
        if (!export_selects(row.response, options) || is_damaged(row, kind)) return ok_status();
        if (kind == RowKind::unparsed) {
            if (Status parsed = parse_answers(row, catalog); !parsed) return parsed;
        }
        return feed(files, row);
    });
    if (!fed) return fed.error();
    if (files.rows != outcome.response_count) {
        return Error{"The responses changed while the export read them (" +
                     std::to_string(outcome.response_count) + " then " +
                     std::to_string(files.rows) + "). Export again."};
    }

    if (Status done = keep(csv->close()); !done) return done.error();
    if (Status done = keep(jsonl->close()); !done) return done.error();
    const auto results = results_of(catalog, tallies, options);
    auto workbook = (*xlsx)->finish(results);
    if (!workbook) return workbook.error();
    if (Status done = keep(write_from_disk(sink, export_file::responses_xlsx, *workbook)); !done)
        return done.error();
    xlsx->reset();  // the scratch folder goes

    auto surveys = surveys_json(catalog);
    if (!surveys) return surveys.error();
    if (Status done = keep(write_whole(sink, export_file::surveys_json, *surveys)); !done)
        return done.error();
    // Each workbook a survey was chosen as, byte for byte, named in surveys.json's "source".
    std::vector<std::string> source_names;
    for (const CatalogSurvey& survey : catalog.surveys) {
        if (survey.source_name.empty()) continue;
        source_names.push_back(source_file_name(survey));
        if (Status done = keep(write_whole(sink, source_names.back(), survey.source_bytes)); !done)
            return done.error();
    }

    SummaryHeading heading;
    heading.event_id = options.event_id;
    heading.events = selection.events;
    const std::string& one_event = !options.event_id.empty()    ? options.event_id
                                   : heading.events.size() == 1 ? heading.events.front()
                                                                : options.event_id;
    if (!options.named_event_id.empty() && one_event == options.named_event_id) {
        heading.event_name = options.event_name;
        heading.venue = options.venue;
    }
    heading.personal_data_sealed = chosen.include_personal;
    heading.device_id = context.device_id;
    heading.date_range = date_range_text(options, selection);
    heading.created_at = format_utc(context.taken_at);
    heading.includes_personal_data = options.include_personal;
    if (Status done =
            keep(write_whole(sink, export_file::summary_html, summary_html(results, heading)));
        !done)
        return done.error();

    std::vector<const StoredResponse*> damaged;
    for (const StoredResponse& row : selection.damaged) damaged.push_back(&row);
    if (!damaged.empty()) {
        if (Status done = keep(write_whole(sink, export_file::damaged_jsonl,
                                           damaged_jsonl(damaged, options.include_personal)));
            !done)
            return done.error();
    }
    if (chosen.include_personal) {
        auto sealed = seal_to(chosen.collector_public_key, sealed_plaintext);
        if (!sealed) return sealed.error();
        std::string().swap(sealed_plaintext);
        if (Status done = keep(write_whole(sink, export_file::personal_sealed, *sealed)); !done)
            return done.error();
    }

    // The manifest lists the data files in docs/export.md's order.
    std::vector<std::string> order = {export_file::responses_csv, export_file::questions_csv,
                                      export_file::responses_xlsx, export_file::responses_jsonl,
                                      export_file::surveys_json};
    order.insert(order.end(), source_names.begin(), source_names.end());
    order.insert(order.end(), {export_file::summary_html, export_file::damaged_jsonl,
                               export_file::personal_sealed});
    std::vector<ExportManifestFile> listed;
    for (const std::string& name : order) {
        const auto found = written.find(name);
        if (found == written.end()) continue;
        listed.push_back({found->second.name, found->second.bytes, found->second.sha256});
        outcome.files.push_back(found->second);
    }

    ManifestFacts facts;
    facts.created_at = context.taken_at;
    facts.device_id = context.device_id;
    facts.event_id = options.event_id;
    facts.from_date = options.from_date;
    facts.to_date = options.to_date;
    facts.include_personal = chosen.include_personal;
    facts.withheld_questions = withheld;
    facts.damaged = outcome.damaged_count;
    if (chosen.include_personal) facts.sealed_to = chosen.collector_public_key;
    facts.events.insert(selection.events.begin(), selection.events.end());
    if (selection.first) facts.first_completed_at = selection.first->at;
    if (selection.last) facts.last_completed_at = selection.last->at;
    facts.responses = outcome.response_count;
    facts.complete = selection.complete;
    const std::string manifest = manifest_json(facts, catalog, listed);
    // manifest.sig before manifest.json: the manifest stays the last file, the mark of a
    // complete folder, and a folder with it always has its signature.
    if (chosen.signing_key) {
        auto sig = write_whole(sink, export_file::manifest_sig,
                               manifest_signature_json(*chosen.signing_key, manifest));
        if (!sig) return sig.error();
        outcome.files.push_back(std::move(sig).value());
    }
    if (Status finished = sink.finish(manifest); !finished) return finished.error();
    outcome.files.push_back(
        SunkFile{export_file::manifest_json, manifest.size(), sha256_hex(manifest)});
    outcome.response_ids = std::move(selection.response_ids);
    return outcome;
}

}  // namespace standpoint

// The USB export as a stream (docs/export.md, docs/performance.md "Export"): the responses are
// read twice through a cursor, never held all at once, and every file goes to a sink as it is
// produced, hashed on the way. The one pipeline behind the staff screen's export, `standpoint
// export`, and build_export (whose sink keeps the files in memory, for tests and the collector's
// console).
//
//   pass 1  which responses the filters select, the surveys they name, counts and dates, the
//           damaged rows (few, kept apart); nothing parsed
//   then    the folder's name is known: sink.begin(); questions.csv
//   pass 2  each selected response parsed once and appended to responses.csv, responses.jsonl,
//           the workbook's sheet and the summary's running totals
//   then    responses.xlsx (from its scratch file), surveys.json, kept workbooks, summary.html,
//           damaged.jsonl, personal.jsonl.sealed, manifest.sig; sink.finish(manifest.json)
//
// The formatting (csv_writer, responses_jsonl, ...) appends to a buffer; OutFile hands the sink
// the buffer in big pieces. Only the workbook touches a disk here (its scratch folder).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/core/sha256.hpp"
#include "kiosk/export/export_files.hpp"
#include "kiosk/store/response_store.hpp"

namespace standpoint {

// How a row reaches the export. `unparsed`: as stored (Response::answers empty); the export
// checks its hash (answers_are_intact) and parses it. `parsed`: Response::answers already filled
// and known intact. `damaged`: known not to match its hash.
enum class RowKind { unparsed, parsed, damaged };

// The responses of an export, in seq order, any number of times: each pass must visit the same
// rows (a store cursor stops at the last seq its first pass saw). A visitor's Error stops the
// pass and is returned.
class ExportRowSource {
public:
    virtual ~ExportRowSource() = default;
    using Visit = std::function<Status(StoredResponse& row, RowKind kind)>;
    virtual Status each_row(const Visit& visit) = 0;
};

// An ExportSnapshot as a source: its responses (parsed), then its damaged rows.
class SnapshotRows final : public ExportRowSource {
public:
    explicit SnapshotRows(const ExportSnapshot& snapshot) : snapshot_(snapshot) {}
    Status each_row(const Visit& visit) override;

private:
    const ExportSnapshot& snapshot_;
};

// What the store knows besides the responses.
struct ExportContext {
    std::string device_id;
    std::vector<StoredSurvey> surveys;  // every kept survey (the export takes those it needs)
    TimePoint taken_at;
};

// A file as it was handed over: its size and the SHA-256 of its bytes, computed while they
// went by.
struct SunkFile {
    std::string name;
    std::uint64_t bytes = 0;
    std::string sha256;
};

// What an export will be, known after its first pass and before any file is written.
struct ExportStart {
    std::string folder_name;
    // What the files will take: an estimate from the stored bytes, to refuse a stick that is too
    // full before anything is written.
    std::uint64_t estimated_bytes = 0;
    std::int64_t response_count = 0;
    std::int64_t damaged_count = 0;
};

// Where the files go. Several files may be open at once (responses.csv and responses.jsonl fill
// in the same pass); each is appended in order and closed once, with its size and hash.
class ExportSink {
public:
    virtual ~ExportSink() = default;
    // Before any file. An Error stops the export there, with nothing written.
    virtual Status begin(const ExportStart& start) = 0;
    virtual Result<int> open_file(const std::string& name) = 0;
    virtual Status append(int file, std::string_view bytes) = 0;
    virtual Status close_file(int file, const SunkFile& written) = 0;
    // Every data file is closed: check them as the sink can (the stick reads each back), then
    // write manifest.json, which must be the last file, and check it too.
    virtual Status finish(const std::string& manifest_bytes) = 0;
};

// A file being produced: bytes appended to `buffer()` go to the sink in pieces of about
// `flush_bytes`, hashed and counted on the way.
class OutFile {
public:
    static constexpr std::size_t flush_bytes = 1u << 20;
    static Result<OutFile> open(ExportSink& sink, const std::string& name);
    std::string& buffer() { return buffer_; }
    // Hands the buffer over if it is big enough (after each row).
    Status flush_if_full() { return buffer_.size() >= flush_bytes ? flush() : ok_status(); }
    Status flush();
    // Hands the rest over and closes the file; returns what was written.
    Result<SunkFile> close();

private:
    OutFile(ExportSink& sink, std::string name, int handle);
    ExportSink* sink_;
    std::string name_;
    int handle_;
    std::string buffer_;
    Sha256 sha256_;
    std::uint64_t bytes_ = 0;
};

struct ExportOutcome {
    std::string folder_name;
    std::vector<SunkFile> files;            // manifest.json last
    std::int64_t response_count = 0;        // after the filters
    std::vector<std::string> response_ids;  // exported, for the store's "exported" mark
    std::int64_t damaged_count = 0;
};

// The export of what `rows` holds, filtered by `options`, into `sink`. `scratch_dir` (local
// disk, never the stick) holds the workbook while it is written.
Result<ExportOutcome> stream_export(ExportRowSource& rows, const ExportContext& context,
                                    const ExportOptions& options,
                                    const std::filesystem::path& scratch_dir, ExportSink& sink);

}  // namespace standpoint

// ResponseStore: the kiosk's SQLite file, the only code on the kiosk that speaks SQL.
// One connection, used by one thread at a time (the store worker owns it once the kiosk runs):
// Debian's SQLite 3.40.1 has the WAL-reset bug that needs two writers at once, so there is never
// a second writer. WAL + synchronous=FULL: a save() that returned is durable against power loss.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/kept_survey.hpp"
#include "kiosk/core/response.hpp"
#include "kiosk/core/result.hpp"

namespace standpoint {

struct StoredResponse {
    std::int64_t seq = 0;        // per-device sequence number, written in the same transaction
    Response response;           // answers left empty: see answers_json
    std::string answers_json;    // the exact stored answer bytes
    std::string answers_sha256;  // hex SHA-256 of answers_json, as computed at save time
};

// The one rule for damage: answers_sha256, stored at save time, is the authority. A row whose
// answers_json bytes no longer hash to it was changed on disk after it was saved.
bool answers_are_intact(const StoredResponse& stored);

// A response the kiosk found damaged (kiosk/store/README.md "Damaged answers").
struct DamagedResponse {
    std::int64_t seq = 0;
    std::string id;
    std::string event_id;
    std::string found_at;  // format_utc: when the kiosk first found it
};

// What the staff screen (and the tests) can see of the store's health, read on the store's own
// connection: journal_mode and synchronous are per-connection settings.
struct StoreHealth {
    std::string journal_mode;    // "wal"
    int synchronous = 0;         // 2 = FULL
    int schema_version = 0;      // PRAGMA user_version
    std::string quick_check;     // "ok", or SQLite's first complaint
    std::string db_instance_id;  // made with the file; changes if the file is replaced
};

// ---- Sync outbox (migration 2; used by sync/client only) ----

// A survey definition a batch must carry, as kept by remember_survey.
struct StoredSurvey {
    SurveyRef ref;
    std::string definition;  // the exact file bytes
    // The file staff chose when it was not the definition itself (an XLSForm workbook): its
    // name and exact bytes, "" when the definition is the file chosen (stored_surveys only).
    std::string source_name;
    std::string source_bytes;
};

// A batch frozen for sending: its bytes never change once stored.
struct FrozenBatch {
    std::string batch_id;  // UUIDv4, the Idempotency-Key
    std::string body_gz;   // the exact request body
    std::int64_t first_seq = 0;
    std::int64_t last_seq = 0;
    std::int64_t response_count = 0;
    std::int64_t attempts = 0;
    bool just_frozen = false;  // freeze_next_batch made it (its first attempt already counted)
};

// Builds the gzip body of a batch from its responses (sync/protocol does the encoding: the store
// knows no wire format). Called inside the freezing transaction. `first_seq` may be below the
// first response's seq: the range then also covers seqs the kiosk no longer holds (wiped before
// they were sent), so the collector's watermark can pass them (docs/sync-protocol.md).
using BatchBodyMaker = std::function<Result<std::string>(
    const std::string& batch_id, std::int64_t first_seq,
    const std::vector<StoredResponse>& responses, const std::vector<StoredSurvey>& surveys)>;

// What a frozen body carries, read back by sync/protocol: each response id with the sha256 it
// travels with. An Error when the body does not decode (damaged on disk, or not a batch at all).
struct CarriedAnswers {
    std::string id;
    std::string sha256;
};
using BatchBodyReader =
    std::function<Result<std::vector<CarriedAnswers>>(const std::string& body_gz)>;

// The collector's word on one response of a batch answered 200.
struct SyncedItem {
    std::string id;
    ItemStatus status = ItemStatus::created;
    std::string reason;
};

// What the kiosk last heard from the collector (meta 'collector_epoch', 'collector_watermark'),
// and the highest seq it holds as synced: the inputs of the restored-collector rule.
struct CollectorMemory {
    std::string epoch;           // empty: never heard
    std::int64_t watermark = 0;  // the last acknowledged max_contiguous_seq
    std::int64_t highest_synced_seq = 0;
};

struct OutboxCounts {
    std::int64_t pending = 0;  // not yet confirmed by the collector (frozen or not)
    std::int64_t synced = 0;
    std::int64_t conflict = 0;
    std::int64_t rejected = 0;
    std::int64_t open_batches = 0;
    std::int64_t damaged = 0;  // found damaged: kept, never sent (not counted in pending)
};

// ---- Export and wipe ----

// Which responses an export (or the staff screen) is about. Empty = no limit.
struct ExportFilter {
    std::string event_id;
    std::optional<TimePoint> completed_from;    // inclusive
    std::optional<TimePoint> completed_before;  // exclusive
};

struct ExportRecord {
    std::string export_id;  // UUID (empty: record_export makes a UUIDv4)
    std::string folder;     // where it was written, as staff chose it
    TimePoint at;
    std::int64_t response_count = 0;
};

struct WipeReport {
    TimePoint at;
    bool only_safe = true;
    std::string reason;
    std::int64_t deleted = 0;
    std::int64_t kept = 0;  // not deleted: outside the scope (only_safe)
};

struct DayCounts {
    std::int64_t complete = 0;
    std::int64_t partial = 0;
    std::int64_t unsynced = 0;    // not confirmed by the collector
    std::int64_t unexported = 0;  // in no verified export
    std::int64_t damaged = 0;     // found damaged (also counted in unsynced and unexported)
    std::int64_t only_here = 0;   // neither synced nor exported: this kiosk holds the only copy
};

// What a wipe may delete.
enum class WipeScope {
    synced_and_exported,  // a copy at the collector and one on a checked stick
    exported,             // a copy on a checked stick: for a kiosk with no sync set up
    everything,           // staff typed the confirmation
};

// An export's read of the store: the intact responses (answers parsed) and, apart, those whose
// answers no longer match their stored hash (answers left unparsed; docs/export.md damaged.jsonl).
struct ExportRows {
    std::vector<StoredResponse> responses;
    std::vector<StoredResponse> damaged;
};

class ResponseStore {
public:
    // Opens or creates `data_dir`/standpoint.db: creates the folder, runs migrations, runs
    // quick_check, and proves the file can be written. Any failure is an Error whose message says
    // what is wrong and what staff can do ("disk full", "read-only", "damaged").
    static Result<std::unique_ptr<ResponseStore>> open(const std::filesystem::path& data_dir);
    // Opens an existing store only to read it (no folder, file, migration or write is made), for
    // an export from a store that open() refused as full or read-only. Every write through it
    // fails. A store whose schema is not the current one is refused: it would need a migration.
    static Result<std::unique_ptr<ResponseStore>> open_to_read(
        const std::filesystem::path& data_dir);

    ~ResponseStore();
    ResponseStore(const ResponseStore&) = delete;
    ResponseStore& operator=(const ResponseStore&) = delete;

    // Commits one response (complete or partial) in one transaction and returns its seq.
    // Saving the same response id twice returns the first seq and changes nothing.
    Result<std::int64_t> save(const Response& response);

    // Keeps the exact bytes of a survey file, keyed by its SHA-256 (for sync and export).
    Status remember_survey(const SurveyRef& survey, std::string_view file_bytes);
    // The same, and the file chosen beside it when that was not the definition (a workbook).
    // A definition keeps the first such file it was chosen as: a workbook saved again that
    // converts to the same definition adds nothing (the answers' meaning is the same).
    Status remember_survey(const SurveyRef& survey, const KeptSurvey& kept);

    const std::string& device_id() const;  // made once when the file is created
    const std::filesystem::path& file_path() const;

    Result<std::int64_t> count(std::optional<ResponseStatus> status = std::nullopt);
    Result<std::vector<StoredResponse>> responses_after(std::int64_t seq, int limit);
    Result<std::optional<StoredResponse>> find(const std::string& response_id);
    Result<StoreHealth> health();  // runs quick_check: not for every frame

    // ---- Sync outbox ----
    // Freezes up to `max_responses` pending, unbatched responses (lowest seq first) into a new
    // batch in one transaction: the body made by `make_body`, the batch row, and each response's
    // batch_id. Returns nullopt when nothing is waiting. A response found damaged on the way is
    // marked so and left out; its seq stays inside the batch's range (it is never sent).
    Result<std::optional<FrozenBatch>> freeze_next_batch(int max_responses,
                                                         const BatchBodyMaker& make_body);
    // Open batches, oldest first: what must be (re)sent, with the same bytes, before anything new.
    Result<std::vector<FrozenBatch>> pending_batches();
    // Run before sending: re-hashes the responses of every open batch (marking the damaged ones)
    // and reads each open body back with `read_body`. A body that does not read back as exactly
    // its batch's responses, each with its stored answers_sha256, is re-frozen: the batch goes
    // to 'split' (never sent again) and its intact responses back to the queue, to be frozen
    // anew without the damaged ones. A body that reads back right is sent as it is, even when a
    // row's bytes were damaged since: it holds the authentic copy. Returns how many batches were
    // re-frozen.
    Result<std::int64_t> refreeze_damaged_batches(const BatchBodyReader& read_body);
    Status record_attempt(const std::string& batch_id);
    // Applies a 200 answer in one transaction: created/duplicate -> synced, conflict/rejected
    // kept aside with the reason; a response of the batch the answer does not mention goes back to
    // pending (it will be frozen again). The batch becomes 'done'. Then the WAL is checkpointed
    // and truncated when it passes 1 MiB or nothing is left to send, so a long sync never leaves
    // it large.
    Status mark_batch_synced(const std::string& batch_id, const std::vector<SyncedItem>& results);
    // Runs `work` as one transaction: the store's writes inside it (mark_batch_synced,
    // note_collector...) join it, so steps that belong together land together with one WAL
    // sync. An error from `work` rolls everything back.
    Status in_one_transaction(const std::function<Status()>& work);
    // A 413: the batch goes to 'split' and its responses back to pending, to be frozen again in
    // smaller batches. Refused for a batch already answered 200.
    Status unfreeze_batch(const std::string& batch_id);
    Result<OutboxCounts> outbox_counts();
    Result<CollectorMemory> collector_memory();
    // In one transaction: when `resend_above` is set, every synced response with a greater seq
    // goes back to pending and unbatched (frozen again into new batches; sent batches are never
    // touched), then the epoch and watermark are remembered. Returns how many went back.
    Result<std::int64_t> note_collector(const std::string& epoch, std::int64_t watermark,
                                        std::optional<std::int64_t> resend_above);

    // ---- Export and wipe (migration 3; kiosk/store/README.md, docs/usb-sticks.md) ----
    // Responses (answers parsed into Response::answers, answers_json kept), seq order, matching
    // `filter`. Read in one transaction, so the export is one consistent snapshot.
    // Damaged responses are left out (see rows_for_export).
    Result<std::vector<StoredResponse>> responses_for_export(const ExportFilter& filter);
    // The same read, with the damaged responses apart rather than left out: one damaged row
    // never stops an export.
    Result<ExportRows> rows_for_export(const ExportFilter& filter);
    // The export's cursor (kiosk/export/export_stream.hpp): up to `limit` rows the filter keeps
    // with seq > `after_seq`, in seq order, as stored (answers unparsed, damaged ones included:
    // the caller checks answers_are_intact). Read a chunk at a time, so 100,000 responses are
    // never all in memory and the store's thread is held for one chunk only.
    Result<std::vector<StoredResponse>> export_rows_after(const ExportFilter& filter,
                                                          std::int64_t after_seq, int limit);
    // Every survey definition remember_survey kept, with the file chosen beside it if any.
    Result<std::vector<StoredSurvey>> stored_surveys();
    // After an export was written, read back and verified: remembers it (folder, time, count)
    // and marks the responses as exported, in one transaction.
    Status record_export(const ExportRecord& record, const std::vector<std::string>& response_ids);
    Result<std::vector<ExportRecord>> exports();  // newest first
    // Deletes the responses `scope` allows; anything else is kept and counted. For `exported` and
    // `everything` the trigger that guards unsynced rows is lifted for this one transaction only
    // (the caller decides that a stick's copy is enough: no sync is set up). Logged in wipe_log
    // either way (only_safe: everything but `everything`).
    Result<WipeReport> wipe(WipeScope scope, const std::string& reason);
    Result<std::vector<WipeReport>> wipes();                   // the log, newest first
    Result<DayCounts> counts_for(const ExportFilter& filter);  // complete/partial/unsynced/...

    // ---- Damaged answers (migration 4; kiosk/store/README.md) ----
    // Re-hashes the answers of every response not yet known damaged and marks each whose bytes
    // no longer match its stored answers_sha256. Returns how many were newly found.
    Result<std::int64_t> find_damaged_answers();
    // Every response marked damaged, in seq order: what staff are told, by id.
    Result<std::vector<DamagedResponse>> damaged_responses();

    class Impl;

private:
    explicit ResponseStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Creates the kiosk's data folder (and its parents) if missing, the folder itself 0700. The one
// way any part of the kiosk makes it, so it is private whichever part runs first.
Status make_data_dir(const std::filesystem::path& data_dir);

// Where the kiosk keeps its data when --data is not given: $XDG_DATA_HOME/standpoint, else
// $HOME/.local/share/standpoint.
std::filesystem::path default_data_dir();

}  // namespace standpoint

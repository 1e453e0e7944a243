// What the collector keeps: devices and their token hashes, responses (each id once, forever),
// conflicts kept aside, survey definitions, and each device's watermark. One class over either
// database (sql.hpp); every batch is one transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"
#include "sync/collector/sql.hpp"
#include "sync/protocol/batch.hpp"

namespace standpoint {

struct Device {
    std::string name;
    std::string device_id;  // empty until the token's first batch binds it
};

struct CollectorStats {
    std::int64_t devices = 0;
    std::int64_t responses = 0;
    std::int64_t conflicts = 0;
    std::int64_t surveys = 0;
    struct PerDevice {
        std::string name;
        std::string device_id;
        std::int64_t responses = 0;
        std::int64_t max_contiguous_seq = 0;
    };
    std::vector<PerDevice> per_device;
};

struct StoredRecord {
    ResponseRecord record;
    std::string received_at;
};

// What a USB import stored (docs/collector.md "Importing a USB export").
struct ImportTally {
    std::int64_t created = 0;
    std::int64_t duplicate = 0;
    std::vector<ItemResult> conflicts;  // id and reason of each, kept aside like a batch's
};

// Hands an import its responses a chunk at a time; an empty chunk is the end. An error stops the
// import and rolls all of it back.
using ResponseChunkSource = std::function<Result<std::vector<ResponseRecord>>()>;

class CollectorStore {
public:
    // Creates the schema if needed (safe when two collectors start at once on PostgreSQL).
    static Result<std::unique_ptr<CollectorStore>> open(std::unique_ptr<SqlConnection> connection);

    const std::string& epoch() const { return epoch_; }

    // Stores SHA-256(token) only. `device_id` may be empty: the first batch binds it.
    Status add_device(const std::string& name, const std::string& token_sha256,
                      const std::string& device_id);
    Result<std::optional<Device>> device_for_token(const std::string& token_sha256);
    // Binds an unbound token to `device_id`; false if the device id already has another token.
    Result<bool> bind_device(const std::string& token_sha256, const std::string& device_id);

    // The survey hashes the batch's responses name that neither the batch carries nor the
    // collector holds (batch/2 sends a definition only until the collector has acknowledged it;
    // a collector whose database was replaced asks for it again). Surveys are never deleted, so
    // an answer of "none missing" stays true until the batch is stored.
    Result<std::vector<std::string>> surveys_missing(const Batch& batch);

    // The whole batch in one transaction; the reply is built only after COMMIT returned.
    Result<BatchReply> store_batch(const Batch& batch);

    // A USB export's surveys and responses through exactly the batch's dedupe path, in ONE
    // transaction: nothing is stored unless everything is. Unlike a batch, an import states
    // nothing about which seqs the device holds, so batch ranges and the watermark stay as
    // they were. `import_id` is written where a batch writes its batch_id.
    Result<ImportTally> store_import(const std::vector<SurveyDefinition>& surveys,
                                     const std::string& import_id,
                                     const ResponseChunkSource& next_chunk);
    // The name a device id is registered under (add-device --device-id, or bound by its first
    // batch); empty if the collector does not know it.
    Result<std::optional<std::string>> device_name(const std::string& device_id);

    // Each kiosk's Ed25519 public key (64 hex digits), by device id (sync/collector/device_keys.cpp,
    // docs/security.md). nullopt: none accepted yet.
    Result<std::optional<std::string>> device_public_key(const std::string& device_id);
    // Trust on first use: stores `public_key` unless the device already has one; returns the key
    // the device has now (compare it with yours: two first batches may race).
    Result<std::string> learn_device_public_key(const std::string& device_id,
                                                const std::string& public_key,
                                                const std::string& how);
    // Staff accepted this key for the device explicitly: it replaces any key it had.
    Status set_device_public_key(const std::string& device_id, const std::string& public_key,
                                 const std::string& how);

    Result<CollectorStats> stats();
    Result<std::vector<StoredRecord>> all_responses();  // ordered by device, seq

    // The console's own reads and writes (sync/collector/console) on the same connection, under
    // the same lock as batches: `work(SqlConnection&)` runs while no batch is being stored.
    template <typename Work>
    auto with_connection(Work&& work) {
        std::lock_guard lock(mutex_);
        return work(*db_);
    }

private:
    CollectorStore(std::unique_ptr<SqlConnection> connection, std::string epoch);
    Result<BatchReply> store_batch_locked(const Batch& batch);
    Result<std::vector<ItemResult>> store_records_locked(
        const std::vector<SurveyDefinition>& surveys,
        const std::vector<ResponseRecord>& responses, const std::string& batch_id,
        const std::string& now);

    std::mutex mutex_;  // one connection, used by one request at a time
    std::unique_ptr<SqlConnection> db_;
    std::string epoch_;
};

// 32 random bytes as hex, from OpenSSL's CSPRNG (tokens and epochs).
Result<std::string> random_hex(std::size_t bytes);
std::string utc_now_text();

}  // namespace standpoint

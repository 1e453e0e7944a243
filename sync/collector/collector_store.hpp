// What the collector keeps: devices and their token hashes, responses (each id once, forever),
// conflicts kept aside, survey definitions, and each device's watermark. One class over either
// database (sql.hpp); every batch is one transaction.
#pragma once

#include <cstdint>
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

    // The whole batch in one transaction; the reply is built only after COMMIT returned.
    Result<BatchReply> store_batch(const Batch& batch);

    Result<CollectorStats> stats();
    Result<std::vector<StoredRecord>> all_responses();  // ordered by device, seq

private:
    CollectorStore(std::unique_ptr<SqlConnection> connection, std::string epoch);
    Result<BatchReply> store_batch_locked(const Batch& batch);

    std::mutex mutex_;  // one connection, used by one request at a time
    std::unique_ptr<SqlConnection> db_;
    std::string epoch_;
};

// 32 random bytes as hex, from OpenSSL's CSPRNG (tokens and epochs).
Result<std::string> random_hex(std::size_t bytes);
std::string utc_now_text();

}  // namespace standpoint

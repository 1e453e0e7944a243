// CollectorStore's device_keys table: which Ed25519 public key each kiosk signs with
// (docs/security.md "Accepting a kiosk's key"). A separate table (not a column of devices), so a
// collector database from before signed deliveries gains it with CREATE TABLE IF NOT EXISTS.
#include "sync/collector/collector_store.hpp"

namespace standpoint {

Result<std::optional<std::string>> CollectorStore::device_public_key(const std::string& device_id) {
    std::lock_guard lock(mutex_);
    auto rows = db_->query("SELECT public_key FROM device_keys WHERE device_id = ?", {device_id});
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<std::string>{};
    return std::optional<std::string>{(*rows)[0][0]};
}

Result<std::string> CollectorStore::learn_device_public_key(const std::string& device_id,
                                                            const std::string& public_key,
                                                            const std::string& how) {
    std::lock_guard lock(mutex_);
    if (auto put = db_->query("INSERT INTO device_keys (device_id, public_key, how, accepted_at) "
                              "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                              {device_id, public_key, how, utc_now_text()});
        !put) {
        return put.error();
    }
    auto rows = db_->query("SELECT public_key FROM device_keys WHERE device_id = ?", {device_id});
    if (!rows) return rows.error();
    if (rows->empty()) return Error{"The device's key could not be read back."};
    return (*rows)[0][0];
}

Status CollectorStore::set_device_public_key(const std::string& device_id,
                                             const std::string& public_key,
                                             const std::string& how) {
    std::lock_guard lock(mutex_);
    if (auto put = db_->query(
            "INSERT INTO device_keys (device_id, public_key, how, accepted_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (device_id) DO UPDATE SET public_key = excluded.public_key, "
            "how = excluded.how, accepted_at = excluded.accepted_at",
            {device_id, public_key, how, utc_now_text()});
        !put) {
        return Error{"Could not store the device's key: " + put.error().message};
    }
    return ok_status();
}

}  // namespace standpoint

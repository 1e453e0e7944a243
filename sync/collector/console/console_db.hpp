// The console's reads and writes on the collector's store (migration 2 in collector_store.cpp):
// accounts, sessions, the audit log, kiosks and the counts the events page shows. Every value
// from a request reaches SQL as a bound parameter, never as text in a statement.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "sync/collector/collector_store.hpp"

namespace standpoint::console {

// Viewers read results and download them; admins also manage kiosks and read the audit log.
enum class Role { viewer, admin };
std::optional<Role> role_from_text(std::string_view text);
const char* to_text(Role role);

struct ConsoleUser {
    std::string name;
    Role role = Role::viewer;
    std::string password_hash;       // Argon2id string (kiosk/secret)
    std::int64_t failed_logins = 0;  // since the last successful login
    std::string locked_until;        // format_utc text; "" = not locked
};

struct ConsoleSession {
    std::string user_name;
    Role role = Role::viewer;
    std::string csrf_token;
};

struct KioskRow {
    std::string name;
    std::string device_id;  // "" until its first batch binds the token
    std::string created_at;
    std::string last_batch_at;  // "" = never
    std::int64_t last_batch_responses = 0;
    std::int64_t responses = 0;
    std::int64_t watermark = 0;
};

struct RevokedKiosk {
    std::string name;
    std::string device_id;
    std::string revoked_at;
};

struct EventKioskCount {
    std::string event_id;
    std::string device_id;
    std::string kiosk_name;  // "" when the device is not (or no longer) registered
    std::int64_t responses = 0;
    std::string last_received_at;
};

struct AuditEntry {
    std::string at;
    std::string user_name;
    std::string action;
    std::string detail;
};

Status add_user(CollectorStore& store, const std::string& name, Role role,
                const std::string& password_hash);
Result<std::optional<ConsoleUser>> find_user(CollectorStore& store, const std::string& name);
// Adds one to the user's wrong passwords in a row, in one statement (two wrong guesses at once
// both count), and returns the new count.
Result<std::int64_t> count_failed_login(CollectorStore& store, const std::string& name);
Status lock_account(CollectorStore& store, const std::string& name, const std::string& until);
Status record_good_login(CollectorStore& store, const std::string& name);

// Also deletes every expired session (they are useless, and the table should not grow).
Status create_session(CollectorStore& store, const std::string& id_sha256,
                      const std::string& user_name, const std::string& csrf_token,
                      const std::string& expires_at);
// A session that exists, has not expired at `now` and whose user still exists.
Result<std::optional<ConsoleSession>> find_session(CollectorStore& store,
                                                   const std::string& id_sha256,
                                                   const std::string& now);
Status delete_session(CollectorStore& store, const std::string& id_sha256);

Status audit(CollectorStore& store, const std::string& user_name, const std::string& action,
             const std::string& detail);
Result<std::vector<AuditEntry>> recent_audit(CollectorStore& store, std::int64_t limit);

Result<std::vector<KioskRow>> kiosks(CollectorStore& store);
Result<std::vector<RevokedKiosk>> revoked_kiosks(CollectorStore& store);
// false: no kiosk of that name (or the new name is taken).
Result<bool> rename_kiosk(CollectorStore& store, const std::string& name,
                          const std::string& new_name);
// Moves the kiosk's row out of `devices` in one transaction: from the next request on, its token
// is unknown (401). false: no kiosk of that name.
Result<bool> revoke_kiosk(CollectorStore& store, const std::string& name);

// Responses per event and device, events by name.
Result<std::vector<EventKioskCount>> event_counts(CollectorStore& store);

}  // namespace standpoint::console

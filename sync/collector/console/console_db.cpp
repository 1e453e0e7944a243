#include "sync/collector/console/console_db.hpp"

namespace standpoint::console {

namespace {

std::int64_t to_int(const std::string& text) { return text.empty() ? 0 : std::stoll(text); }

Status run(CollectorStore& store, std::string_view sql, const std::vector<SqlValue>& params) {
    return store.with_connection([&](SqlConnection& db) -> Status {
        auto done = db.query(sql, params);
        if (!done) return done.error();
        return ok_status();
    });
}

Result<std::vector<SqlRow>> rows(CollectorStore& store, std::string_view sql,
                                 const std::vector<SqlValue>& params = {}) {
    return store.with_connection([&](SqlConnection& db) { return db.query(sql, params); });
}

// Runs `statements` in one write transaction; the last one's rows say whether it did anything.
Result<bool> in_transaction(
    CollectorStore& store,
    const std::vector<std::pair<std::string, std::vector<SqlValue>>>& statements) {
    return store.with_connection([&](SqlConnection& db) -> Result<bool> {
        if (Status begun = db.begin_write(); !begun) return begun.error();
        bool changed = false;
        for (const auto& [sql, params] : statements) {
            auto done = db.query(sql, params);
            if (!done) {
                (void)db.exec_script("ROLLBACK");
                return done.error();
            }
            changed = !done->empty();
        }
        if (Status committed = db.exec_script("COMMIT"); !committed) {
            (void)db.exec_script("ROLLBACK");
            return committed.error();
        }
        return changed;
    });
}

}  // namespace

std::optional<Role> role_from_text(std::string_view text) {
    if (text == "admin") return Role::admin;
    if (text == "viewer") return Role::viewer;
    return std::nullopt;
}

const char* to_text(Role role) { return role == Role::admin ? "admin" : "viewer"; }

Status add_user(CollectorStore& store, const std::string& name, Role role,
                const std::string& password_hash) {
    auto added = rows(store,
                      "INSERT INTO console_users (name, role, password_hash, failed_logins, "
                      "locked_until, created_at) VALUES (?, ?, ?, 0, '', ?) "
                      "ON CONFLICT DO NOTHING RETURNING name",
                      {name, std::string(to_text(role)), password_hash, utc_now_text()});
    if (!added) return added.error();
    if (added->empty()) return Error{"There is already a console user called " + name + "."};
    return ok_status();
}

Result<std::optional<ConsoleUser>> find_user(CollectorStore& store, const std::string& name) {
    auto found = rows(store,
                      "SELECT name, role, password_hash, failed_logins, locked_until "
                      "FROM console_users WHERE name = ?",
                      {name});
    if (!found) return found.error();
    if (found->empty()) return std::optional<ConsoleUser>{};
    const SqlRow& row = (*found)[0];
    return std::optional<ConsoleUser>{ConsoleUser{
        row[0], role_from_text(row[1]).value_or(Role::viewer), row[2], to_int(row[3]), row[4]}};
}

Result<std::int64_t> count_failed_login(CollectorStore& store, const std::string& name) {
    auto counted = rows(store,
                        "UPDATE console_users SET failed_logins = failed_logins + 1 WHERE name = ? "
                        "RETURNING failed_logins",
                        {name});
    if (!counted) return counted.error();
    if (counted->empty()) return Error{"There is no console user called " + name + "."};
    return to_int((*counted)[0][0]);
}

Status lock_account(CollectorStore& store, const std::string& name, const std::string& until) {
    return run(store, "UPDATE console_users SET locked_until = ? WHERE name = ?", {until, name});
}

Status record_good_login(CollectorStore& store, const std::string& name) {
    return run(store,
               "UPDATE console_users SET failed_logins = 0, locked_until = '' WHERE name = ?",
               {name});
}

Status create_session(CollectorStore& store, const std::string& id_sha256,
                      const std::string& user_name, const std::string& csrf_token,
                      const std::string& expires_at) {
    const std::string now = utc_now_text();
    if (Status swept = run(store, "DELETE FROM console_sessions WHERE expires_at <= ?", {now});
        !swept) {
        return swept;
    }
    return run(store,
               "INSERT INTO console_sessions (id_sha256, user_name, csrf_token, created_at, "
               "expires_at) VALUES (?, ?, ?, ?, ?)",
               {id_sha256, user_name, csrf_token, now, expires_at});
}

Result<std::optional<ConsoleSession>> find_session(CollectorStore& store,
                                                   const std::string& id_sha256,
                                                   const std::string& now) {
    auto found = rows(store,
                      "SELECT s.user_name, u.role, s.csrf_token FROM console_sessions s "
                      "JOIN console_users u ON u.name = s.user_name "
                      "WHERE s.id_sha256 = ? AND s.expires_at > ?",
                      {id_sha256, now});
    if (!found) return found.error();
    if (found->empty()) return std::optional<ConsoleSession>{};
    const SqlRow& row = (*found)[0];
    return std::optional<ConsoleSession>{
        ConsoleSession{row[0], role_from_text(row[1]).value_or(Role::viewer), row[2]}};
}

Status delete_session(CollectorStore& store, const std::string& id_sha256) {
    return run(store, "DELETE FROM console_sessions WHERE id_sha256 = ?", {id_sha256});
}

Status audit(CollectorStore& store, const std::string& user_name, const std::string& action,
             const std::string& detail) {
    return run(store,
               "INSERT INTO console_audit (at, user_name, action, detail) VALUES (?, ?, ?, ?)",
               {utc_now_text(), user_name, action, detail});
}

Result<std::vector<AuditEntry>> recent_audit(CollectorStore& store, std::int64_t limit) {
    auto found = rows(store,
                      "SELECT at, user_name, action, detail FROM console_audit "
                      "ORDER BY at DESC LIMIT ?",
                      {limit});
    if (!found) return found.error();
    std::vector<AuditEntry> entries;
    for (const SqlRow& row : *found) entries.push_back({row[0], row[1], row[2], row[3]});
    return entries;
}

Result<std::vector<KioskRow>> kiosks(CollectorStore& store) {
    auto found = rows(
        store,
        "SELECT d.name, COALESCE(d.device_id, ''), d.created_at, COALESCE(a.last_batch_at, ''), "
        "COALESCE(a.last_batch_responses, 0), "
        "(SELECT count(*) FROM responses r WHERE r.device_id = d.device_id), "
        "COALESCE((SELECT w.max_contiguous_seq FROM watermarks w WHERE w.device_id = d.device_id), "
        "0) "
        "FROM devices d LEFT JOIN device_activity a ON a.device_id = d.device_id ORDER BY d.name");
    if (!found) return found.error();
    std::vector<KioskRow> out;
    for (const SqlRow& row : *found) {
        out.push_back(
            {row[0], row[1], row[2], row[3], to_int(row[4]), to_int(row[5]), to_int(row[6])});
    }
    return out;
}

Result<std::vector<RevokedKiosk>> revoked_kiosks(CollectorStore& store) {
    auto found = rows(store,
                      "SELECT name, COALESCE(device_id, ''), revoked_at FROM revoked_devices "
                      "ORDER BY revoked_at DESC");
    if (!found) return found.error();
    std::vector<RevokedKiosk> out;
    for (const SqlRow& row : *found) out.push_back({row[0], row[1], row[2]});
    return out;
}

Result<bool> rename_kiosk(CollectorStore& store, const std::string& name,
                          const std::string& new_name) {
    // A taken name fails on UNIQUE; that is "not renamed", not a store failure.
    return store.with_connection([&](SqlConnection& db) -> Result<bool> {
        auto taken = db.query("SELECT 1 FROM devices WHERE name = ?", {new_name});
        if (!taken) return taken.error();
        if (!taken->empty()) return false;
        auto renamed =
            db.query("UPDATE devices SET name = ? WHERE name = ? RETURNING name", {new_name, name});
        if (!renamed) return renamed.error();
        return !renamed->empty();
    });
}

Result<bool> revoke_kiosk(CollectorStore& store, const std::string& name) {
    return in_transaction(
        store,
        {{"INSERT INTO revoked_devices (token_sha256, name, device_id, created_at, revoked_at) "
          "SELECT token_sha256, name, device_id, created_at, ? FROM devices WHERE name = ? "
          "ON CONFLICT DO NOTHING",
          {utc_now_text(), name}},
         {"DELETE FROM devices WHERE name = ? RETURNING name", {name}}});
}

Result<std::vector<EventKioskCount>> event_counts(CollectorStore& store) {
    auto found =
        rows(store,
             "SELECT r.event_id, r.device_id, "
             "COALESCE((SELECT d.name FROM devices d WHERE d.device_id = r.device_id), "
             "(SELECT v.name FROM revoked_devices v WHERE v.device_id = r.device_id LIMIT 1), ''), "
             "count(*), max(r.received_at) FROM responses r "
             "GROUP BY r.event_id, r.device_id ORDER BY r.event_id, r.device_id");
    if (!found) return found.error();
    std::vector<EventKioskCount> out;
    for (const SqlRow& row : *found) {
        out.push_back({row[0], row[1], row[2], to_int(row[3]), row[4]});
    }
    return out;
}

}  // namespace standpoint::console

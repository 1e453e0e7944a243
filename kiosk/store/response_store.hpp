// ResponseStore: the kiosk's SQLite file, the only code on the kiosk that speaks SQL.
// One connection, used by one thread at a time (the store worker owns it once the kiosk runs):
// Debian's SQLite 3.40.1 has the WAL-reset bug that needs two writers at once, so there is never
// a second writer. WAL + synchronous=FULL: a save() that returned is durable against power loss.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/response.hpp"
#include "kiosk/core/result.hpp"

namespace standpoint {

struct StoredResponse {
    std::int64_t seq = 0;        // per-device sequence number, written in the same transaction
    Response response;           // answers left empty: see answers_json
    std::string answers_json;    // the exact stored answer bytes
    std::string answers_sha256;  // hex SHA-256 of answers_json
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

class ResponseStore {
public:
    // Opens or creates `data_dir`/standpoint.db: creates the folder, runs migrations, runs
    // quick_check, and proves the file can be written. Any failure is an Error whose message says
    // what is wrong and what staff can do ("disk full", "read-only", "damaged").
    static Result<std::unique_ptr<ResponseStore>> open(const std::filesystem::path& data_dir);

    ~ResponseStore();
    ResponseStore(const ResponseStore&) = delete;
    ResponseStore& operator=(const ResponseStore&) = delete;

    // Commits one response (complete or partial) in one transaction and returns its seq.
    // Saving the same response id twice returns the first seq and changes nothing.
    Result<std::int64_t> save(const Response& response);

    // Keeps the exact bytes of a survey file, keyed by its SHA-256 (for sync and export).
    Status remember_survey(const SurveyRef& survey, std::string_view file_bytes);

    const std::string& device_id() const;  // made once when the file is created
    const std::filesystem::path& file_path() const;

    Result<std::int64_t> count(std::optional<ResponseStatus> status = std::nullopt);
    Result<std::vector<StoredResponse>> responses_after(std::int64_t seq, int limit);
    Result<std::optional<StoredResponse>> find(const std::string& response_id);
    Result<StoreHealth> health();  // runs quick_check: not for every frame

    class Impl;

private:
    explicit ResponseStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Where the kiosk keeps its data when --data is not given: $XDG_DATA_HOME/standpoint, else
// $HOME/.local/share/standpoint.
std::filesystem::path default_data_dir();

}  // namespace standpoint

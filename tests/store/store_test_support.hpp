// Helpers for the store tests: a real temporary folder, sample responses, raw SQL on the file, and
// real faults (tmpfs mounts) when the tests run as root.
#pragma once

#include <sqlite3.h>
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "kiosk/core/response.hpp"
#include "tests/temp_dir.hpp"

namespace standpoint::test {

using testing::TempDir;

inline bool is_root() { return ::geteuid() == 0; }

// A tmpfs of `size` mounted on `where` for the life of the object (root only).
class TmpfsMount {
public:
    TmpfsMount(const std::filesystem::path& where, const std::string& size) : where_(where) {
        std::filesystem::create_directories(where_);
        const std::string options = "size=" + size + ",mode=0700";
        is_mounted_ = ::mount("tmpfs", where_.c_str(), "tmpfs", 0, options.c_str()) == 0;
    }
    ~TmpfsMount() {
        if (is_mounted_) ::umount2(where_.c_str(), MNT_DETACH);
    }
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;

    bool is_mounted() const { return is_mounted_; }
    bool remount(unsigned long flags, const std::string& options = "") {
        return ::mount("tmpfs", where_.c_str(), "tmpfs", MS_REMOUNT | flags,
                       options.empty() ? nullptr : options.c_str()) == 0;
    }

private:
    std::filesystem::path where_;
    bool is_mounted_ = false;
};

// A survey the answers of sample_response fit (the export needs its file to read them).
inline const std::string survey_bytes = R"({
  "format": "standpoint-survey/1", "id": "gala-feedback", "version": 1, "languages": ["en", "cy"],
  "title": {"en": "Gala", "cy": "Gala"}, "intro": {"en": "Hi", "cy": "Helo"},
  "thanks": {"en": "Thanks", "cy": "Diolch"},
  "questions": [
    {"id": "visit", "type": "smiley", "prompt": {"en": "Visit?", "cy": "Ymweliad?"}},
    {"id": "services", "type": "multi", "prompt": {"en": "Used?", "cy": "Defnyddio?"},
     "options": [{"id": "library", "label": {"en": "Library", "cy": "Llyfrgell"}},
                 {"id": "parks", "label": {"en": "Parks", "cy": "Parciau"}}]},
    {"id": "better", "type": "text", "prompt": {"en": "Better?", "cy": "Gwell?"}},
    {"id": "age", "type": "single", "prompt": {"en": "Age", "cy": "Oed"},
     "options": [{"id": "25_44", "label": {"en": "25-44", "cy": "25-44"}},
                 {"id": "45_64", "label": {"en": "45-64", "cy": "45-64"}}]}
  ]
})";

// A response as the session would hand it over, numbered so each is distinct.
inline Response sample_response(int number, const std::string& text = "More benches, please") {
    Response response;
    char id[40];
    std::snprintf(id, sizeof id, "0190f3b2-7c1a-7def-8abc-%012d", number);
    response.id = id;
    response.survey = SurveyRef{"gala-feedback", 1, std::string(64, 'a')};
    response.event_id = "summer-gala-2026";
    response.device_id = "device-under-test";
    response.started_at =
        TimePoint{} + std::chrono::milliseconds(1795000000123LL + number * 1000LL);
    response.completed_at = response.started_at + std::chrono::milliseconds(45678);
    response.utc_offset_minutes = 60;
    response.language = "cy";
    response.status = ResponseStatus::complete;
    response.answers["visit"] = NumberAnswer{5};
    response.answers["services"] = ChoicesAnswer{{"library", "parks"}};
    response.answers["better"] = TextAnswer{text};
    response.answers["age"] = ChoiceAnswer{"25_44"};
    return response;
}

// The attack on the disk: every occurrence of `from` in the closed file's bytes becomes `to` (the
// same length), as a hex editor would do it; SQLite's own checks (quick_check) see nothing wrong.
// Returns how many places were changed.
inline int replace_in_file(const std::filesystem::path& file, const std::string& from,
                           const std::string& to) {
    std::string bytes;
    {
        std::FILE* in = std::fopen(file.c_str(), "rb");
        if (in == nullptr) return 0;
        char buffer[65536];
        std::size_t got = 0;
        while ((got = std::fread(buffer, 1, sizeof buffer, in)) > 0) bytes.append(buffer, got);
        std::fclose(in);
    }
    int changed = 0;
    for (std::size_t at = bytes.find(from); at != std::string::npos;
         at = bytes.find(from, at + from.size())) {
        bytes.replace(at, to.size(), to);
        ++changed;
    }
    std::FILE* out = std::fopen(file.c_str(), "r+b");
    if (out == nullptr) return 0;
    std::fwrite(bytes.data(), 1, bytes.size(), out);
    std::fclose(out);
    return changed;
}

// Raw SQL on the file through a second connection, as support would with the sqlite3 shell.
// Used only after the store is closed, or for reads (the store is the one writer).
class RawDb {
public:
    explicit RawDb(const std::filesystem::path& file) {
        sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr);
    }
    ~RawDb() { sqlite3_close_v2(db_); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    // SQLite's result code, and the error message in `message`.
    int exec(const std::string& sql, std::string* message = nullptr) {
        char* error = nullptr;
        const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
        if (message != nullptr) *message = error != nullptr ? error : "";
        sqlite3_free(error);
        return rc;
    }
    // The first column of the first row as text ("" if none).
    std::string text(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        std::string value;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW) {
            const auto* bytes = sqlite3_column_text(statement, 0);
            if (bytes != nullptr) value = reinterpret_cast<const char*>(bytes);
        }
        sqlite3_finalize(statement);
        return value;
    }

private:
    sqlite3* db_ = nullptr;
};

}  // namespace standpoint::test

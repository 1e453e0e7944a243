#include "kiosk/app/survey_inbox.hpp"

#include <fstream>
#include <sstream>

#include "kiosk/app/app_files.hpp"
#include "kiosk/core/response.hpp"
#include "kiosk/xlsform/load_survey_file.hpp"
#include "sync/client/survey_fetch.hpp"
#include "sync/protocol/batch.hpp"

#ifndef STANDPOINT_VERSION
#define STANDPOINT_VERSION "unknown"
#endif

namespace standpoint::app {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t max_refused_kept = 100;

// Written whole to a temporary name, then renamed: a power cut leaves the old file or the new.
Status write_file(const fs::path& path, const std::string& bytes) {
    const fs::path temporary = path.string() + ".new";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out.flush()) return Error{"could not write " + temporary.string()};
    }
    std::error_code error;
    fs::rename(temporary, path, error);
    if (error) return Error{"could not write " + path.string() + " (" + error.message() + ")"};
    return ok_status();
}

std::vector<std::string> read_lines(const fs::path& path) {
    std::vector<std::string> lines;
    auto text = read_file_capped(path, 64 * 1024);
    if (!text) return lines;
    std::istringstream in(*text);
    for (std::string line; std::getline(in, line);)
        if (is_sha256_hex(line)) lines.push_back(line);
    return lines;
}

// The issue time of the newest answer staged, "" when none was (or the file is not one).
std::string newest_issued_at(const fs::path& folder) {
    auto text = read_file_capped(folder / "newest_issued_at", 1024);
    if (!text) return "";
    const std::string line = text->substr(0, text->find('\n'));
    return is_utc_timestamp(line) ? line : "";
}

std::string origin_of(const SurveyDelivery& delivery) {
    return delivery.assigned_to == "event" ? "the collector (event " + delivery.event_id + ")"
                                           : "the collector (for this kiosk)";
}

Result<shell::StagedSurvey> load_staged(const fs::path& path, std::string origin) {
    auto bytes = read_file_capped(path, max_survey_file_bytes);
    if (!bytes) return bytes.error();
    auto loaded = load_survey_bytes(*bytes, path.string());
    if (!loaded) return loaded.error();
    return shell::StagedSurvey{std::make_shared<const Survey>(std::move(loaded->survey)),
                               path.string(), std::move(loaded->kept.definition),
                               std::move(origin)};
}

}  // namespace

void SurveyMailbox::set_running(const std::string& survey_sha256, const std::string& event_id) {
    const std::lock_guard lock(mutex_);
    running_sha256_ = survey_sha256;
    event_id_ = event_id;
}

std::pair<std::string, std::string> SurveyMailbox::running() const {
    const std::lock_guard lock(mutex_);
    return {running_sha256_, event_id_};
}

void SurveyMailbox::post_staged(shell::StagedSurvey staged) {
    {
        const std::lock_guard lock(mutex_);
        staged_ = std::move(staged);
    }
    if (wake_) wake_();
}

std::optional<shell::StagedSurvey> SurveyMailbox::take_staged() {
    const std::lock_guard lock(mutex_);
    std::optional<shell::StagedSurvey> taken;
    taken.swap(staged_);
    return taken;
}

void SurveyMailbox::refuse(const std::string& sha256) {
    const std::lock_guard lock(mutex_);
    refusals_.push_back(sha256);
}

std::vector<std::string> SurveyMailbox::take_refusals() {
    const std::lock_guard lock(mutex_);
    std::vector<std::string> taken;
    taken.swap(refusals_);
    return taken;
}

SurveyInbox::SurveyInbox(fs::path data_dir)
    : folder_(std::move(data_dir) / collector_surveys_folder) {}

Result<std::optional<shell::StagedSurvey>> SurveyInbox::stage(const SurveyDelivery& delivery,
                                                              const std::string& running_sha256) {
    using Staged = std::optional<shell::StagedSurvey>;
    if (delivery.sha256 == running_sha256) return Staged();
    const std::vector<std::string> refused = read_lines(folder_ / "refused");
    for (const std::string& sha : refused)
        if (sha == delivery.sha256) return Staged();
    if (!staged_sha_) {
        const std::vector<std::string> marker = read_lines(folder_ / "staged");
        staged_sha_ = marker.empty() ? std::string() : marker.front();
    }
    if (*staged_sha_ == delivery.sha256) return Staged();  // waits already
    // A signed answer older than one already taken is a replay (a proxy holding on to an old
    // assignment to roll the kiosk back), not the collector's current word. issued_at is
    // format_utc's fixed-width form, so text order is time order.
    if (const std::string newest = newest_issued_at(folder_); delivery.issued_at < newest) {
        return Error{"the collector's survey answer was issued at " + delivery.issued_at +
                     ", before one already taken (" + newest +
                     "): an old answer sent again, so it is not used"};
    }
    std::error_code error;
    fs::create_directories(folder_, error);
    if (error) return Error{"could not make " + folder_.string() + " (" + error.message() + ")"};
    const fs::path path = folder_ / (delivery.sha256 + ".json");
    if (Status kept = write_file(path, delivery.definition); !kept) return kept.error();
    // Checked as any survey file is before it is staged: a survey this kiosk cannot run is
    // never offered to the shell.
    auto staged = load_staged(path, origin_of(delivery));
    if (!staged) return staged.error();
    if (Status marked = write_file(folder_ / "staged", delivery.sha256 + "\n"); !marked)
        return marked.error();
    if (Status noted = write_file(folder_ / "newest_issued_at", delivery.issued_at + "\n"); !noted)
        return noted.error();
    staged_sha_ = delivery.sha256;
    return Staged(std::move(*staged));
}

Result<std::optional<shell::StagedSurvey>> SurveyInbox::staged(const std::string& running_sha256) {
    using Staged = std::optional<shell::StagedSurvey>;
    const std::vector<std::string> marker = read_lines(folder_ / "staged");
    staged_sha_ = marker.empty() ? std::string() : marker.front();
    if (staged_sha_->empty() || *staged_sha_ == running_sha256) return Staged();
    for (const std::string& sha : read_lines(folder_ / "refused"))
        if (sha == *staged_sha_) return Staged();
    auto staged = load_staged(folder_ / (*staged_sha_ + ".json"), "the collector");
    if (!staged) return staged.error();
    return Staged(std::move(*staged));
}

Status SurveyInbox::refuse(const std::string& sha256) {
    if (!is_sha256_hex(sha256)) return Error{"not a survey's sha256"};
    std::vector<std::string> refused = read_lines(folder_ / "refused");
    refused.push_back(sha256);
    if (refused.size() > max_refused_kept)
        refused.erase(refused.begin(), refused.end() - max_refused_kept);
    std::string text;
    for (const std::string& sha : refused) text += sha + "\n";
    std::error_code error;
    fs::create_directories(folder_, error);
    if (Status kept = write_file(folder_ / "refused", text); !kept) return kept;
    if (staged_sha_ && *staged_sha_ == sha256) {
        fs::remove(folder_ / "staged", error);
        staged_sha_ = std::string();
    }
    return ok_status();
}

Heartbeat make_heartbeat(std::int64_t pending, const std::string& event_id,
                         const std::string& survey_sha256) {
    return Heartbeat{pending, STANDPOINT_VERSION, format_utc(Clock::now()), event_id,
                     survey_sha256};
}

std::string run_survey_round(SyncEngine& engine, SurveyInbox& inbox, const Heartbeat& heartbeat,
                             std::optional<shell::StagedSurvey>& staged) {
    auto fetched = fetch_assigned_survey(engine, heartbeat);
    if (!fetched) return "survey from the collector: " + fetched.error().message;
    if (!*fetched) return "";
    auto kept = inbox.stage(**fetched, heartbeat.survey_sha256);
    if (!kept) return "survey from the collector not staged: " + kept.error().message;
    if (!*kept) return "";
    staged = std::move(*kept);
    return "staged the survey " + (*fetched)->sha256.substr(0, 12) + " from " + staged->origin +
           ": it starts at the next attract screen";
}

}  // namespace standpoint::app

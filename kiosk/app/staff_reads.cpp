// The staff screen's reads: today's results, the store's health, the survey files to switch to.
#include <sys/statvfs.h>

#include <algorithm>
#include <cctype>
#include <iostream>

#include "kiosk/app/app_files.hpp"
#include "kiosk/app/staff_controller_impl.hpp"
#include "kiosk/app/staff_export.hpp"
#include "kiosk/app/store_advice.hpp"
#include "kiosk/core/local_time.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/export/results.hpp"
#include "kiosk/xlsform/load_survey_file.hpp"

namespace standpoint::app {
namespace {

std::string survey_title(const Survey& survey) {
    return survey.title.in("en", survey.default_language());
}

}  // namespace

std::string survey_description(const Survey& survey) {
    return "\"" + survey_title(survey) + "\" (" + survey.id + ", version " +
           std::to_string(survey.version) + ", " + std::to_string(survey.questions.size()) +
           " questions)";
}

namespace {

bool is_survey_file_name(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return extension == ".json" || extension == ".xlsx";
}

// The survey files of a folder (survey JSON or XLSForm), top level only, by name.
std::vector<std::filesystem::path> survey_files_in(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (std::filesystem::directory_iterator it(folder, error), end; !error && it != end;
         it.increment(error)) {
        std::error_code type_error;
        if (is_survey_file_name(it->path()) && it->is_regular_file(type_error))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

void StaffController::Impl::read_today(TimePoint now) {
    if (context.worker == nullptr) {
        model.today_note = no_store_words();
        return;
    }
    if (context.survey == nullptr || model.is_loading_today) return;
    model.is_loading_today = true;
    const ExportFilter filter = local_day_filter(event_id(now), now);
    auto survey = std::make_shared<const Survey>(*context.survey);  // may be switched meanwhile
    const std::string note = "Today (" + local_date(now) + "), event " + filter.event_id;
    struct Today {
        DayCounts day;
        SurveyResults results;
        std::vector<Response> responses;  // for the comments, put into words on the frame thread
        TimePoint read_at;
    };
    run_on_store<Today>(
        [filter, survey](ResponseStore& store) -> Result<Today> {
            Result<DayCounts> counts = store.counts_for(filter);
            if (!counts) return counts.error();
            Result<std::vector<StoredResponse>> stored = store.responses_for_export(filter);
            if (!stored) return stored.error();
            std::vector<Response> responses;
            responses.reserve(stored->size());
            for (StoredResponse& each : *stored) responses.push_back(std::move(each.response));
            SurveyResults results = summarise(*survey, responses, "en");
            return Today{*counts, std::move(results), std::move(responses), Clock::now()};
        },
        [this, note, survey](const Result<Today>& today) {
            model.is_loading_today = false;
            if (!today) {
                model.today_note = "Could not read today's responses: " +
                                   store_problem_in_words(today.error());
                return;
            }
            model.has_today = true;
            model.complete = today->day.complete;
            model.partial = today->day.partial;
            model.per_hour = today->results.per_hour;
            model.charts = charts_for(today->results);
            static const UiText no_text;
            model.comments =
                comments_for(*survey, today->responses, context.text ? *context.text : no_text);
            model.today_note = note + ". Read at " + local_clock_time(today->read_at) + ". " +
                               std::to_string(today->day.unsynced) +
                               " not sent to the collector yet, " +
                               std::to_string(today->day.unexported) + " not in a USB export yet.";
        });
}

void StaffController::Impl::read_only_here() {
    run_on_store<DayCounts>([](ResponseStore& store) { return store.counts_for({}); },
                            [this](const Result<DayCounts>& counts) {
                                model.only_here = counts ? counts->only_here : -1;
                                model.only_here_words = only_here_in_words(model.only_here);
                            });
}

void StaffController::Impl::read_damaged() {
    run_on_store<std::vector<DamagedResponse>>(
        [](ResponseStore& store) { return store.damaged_responses(); },
        [this](const Result<std::vector<DamagedResponse>>& damaged) {
            model.damaged_lines.clear();
            if (!damaged) {
                model.damaged_lines.push_back("Could not read the damaged responses: " +
                                              damaged.error().message);
                return;
            }
            // A damaged disk may set aside thousands: the screen names the first few.
            constexpr std::size_t shown = 20;
            for (std::size_t i = 0; i < damaged->size() && i < shown; ++i)
                model.damaged_lines.push_back(damaged_in_words((*damaged)[i]));
            if (damaged->size() > shown)
                model.damaged_lines.push_back("And " + std::to_string(damaged->size() - shown) +
                                              " more: `standpoint status` lists them all.");
        });
}

void StaffController::Impl::read_health(TimePoint /*now*/) {
    if (context.worker == nullptr) {
        model.health_lines = {no_store_words()};
        return;
    }
    if (model.is_checking_health) return;
    model.is_checking_health = true;
    using Lines = std::vector<std::string>;
    run_on_store<Lines>(
        [data_dir = context.data_dir](ResponseStore& store) -> Result<Lines> {
            Result<StoreHealth> health = store.health();
            std::error_code error;
            const std::filesystem::path& file = store.file_path();
            std::uint64_t size = std::filesystem::file_size(file, error);
            if (error) size = 0;
            const std::uint64_t wal =
                std::filesystem::file_size(file.string() + "-wal", error);  // WAL not folded in yet
            if (!error) size += wal;
            struct statvfs disk {};
            const bool has_disk = ::statvfs(data_dir.c_str(), &disk) == 0;
            const std::uint64_t free_bytes =
                has_disk ? static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize : 0;
            const TimePoint checked_at = Clock::now();
            std::vector<std::string> lines;
            lines.push_back(has_disk
                                ? "Disk free: " + bytes_in_words(free_bytes) + " (" +
                                      data_dir.string() + ")"
                                : "Disk free: unknown (cannot read " + data_dir.string() + ")");
            lines.push_back("Database size: " + bytes_in_words(size) + " (" + file.string() + ")");
            if (!health.ok()) {
                lines.push_back("Integrity check at " + local_clock_time(checked_at) +
                                " failed: " + store_problem_in_words(health.error()));
            } else if (health->quick_check == "ok") {
                lines.push_back("Integrity check at " + local_clock_time(checked_at) +
                                ": no problems found.");
            } else {
                lines.push_back("Integrity check at " + local_clock_time(checked_at) +
                                " found damage: " + health->quick_check +
                                ". Export what you can and call for help.");
            }
            if (has_disk && free_bytes < 200ull * 1000 * 1000)
                lines.push_back("The disk is nearly full: export and delete responses soon.");
            return lines;
        },
        [this](const Result<Lines>& lines) {
            model.is_checking_health = false;
            model.health_lines =
                lines ? *lines : Lines{"Could not check the store: " +
                                           store_problem_in_words(lines.error())};
        });
}

void StaffController::Impl::list_surveys() {
    if (model.is_listing_surveys) return;
    model.is_listing_surveys = true;
    const std::filesystem::path own = context.assets_dir / "surveys";
    run_elsewhere([this, mailbox = mailbox, own, lister = context.list_drives] {
        const std::vector<RemovableDrive> drives_now = find_drives(lister);
        std::vector<SurveyFile> files;
        for (const std::filesystem::path& path : survey_files_in(own))
            files.push_back(SurveyFile{path, "in the kiosk's own surveys"});
        // Only sticks already open: the top level of each, where staff put a survey to bring.
        for (const RemovableDrive& drive : drives_now)
            if (!drive.mount_point.empty())
                for (const std::filesystem::path& path : survey_files_in(drive.mount_point))
                    files.push_back(SurveyFile{path, "on " + drive_title(drive)});
        mailbox->post([this, files] {
            model.is_listing_surveys = false;
            survey_files = files;
            model.survey_choices.clear();
            for (const SurveyFile& file : files)
                model.survey_choices.push_back(
                    ui::StaffChoice{file.path.filename().string(), file.where});
        });
    });
}

void StaffController::Impl::choose_survey(std::size_t index) {
    if (index >= survey_files.size() || model.is_listing_surveys) return;
    const std::filesystem::path path = survey_files[index].path;
    model.survey_problem.clear();
    model.survey_message = "Reading " + path.filename().string() + "...";
    model.is_listing_surveys = true;  // no second choice while this one is read
    run_elsewhere([this, mailbox = mailbox, path] {
        // Read and checked here, off the frame thread: a stick can be slow, a file can be huge.
        // A spreadsheet is converted here; the store keeps the converted definition (what
        // exports and sync carry with the answers) and the workbook itself beside it.
        Result<LoadedSurvey> loaded = load_survey_file(path);
        auto chosen = std::make_shared<std::optional<StaffSwitchSurvey>>();
        std::string problem;
        if (loaded.ok())
            *chosen = StaffSwitchSurvey{path, std::move(loaded->kept),
                                        std::move(loaded->survey)};
        else
            problem = loaded.error().message;
        // Staff know which stick they chose: each line names the file, not its whole path.
        const std::string whole = path.string() + ": ";
        const std::string named = path.filename().string() + ": ";
        for (auto at = problem.find(whole); at != std::string::npos;
             at = problem.find(whole, at + named.size()))
            problem.replace(at, whole.size(), named);
        mailbox->post([this, chosen, problem, path] {
            model.is_listing_surveys = false;
            model.survey_message.clear();
            if (!problem.empty()) {
                // For the system log too: support can read why a stick's survey was refused.
                std::cerr << "standpoint: staff chose the survey " << path.string()
                          << ", which cannot be used; kept the one in use:\n"
                          << problem << '\n';
                model.survey_problem =
                    "This file cannot be used, so the kiosk keeps the survey "
                    "it runs now.\n" +
                    problem;
                return;
            }
            survey_to_switch = std::move(**chosen);
            model.survey_to_confirm = survey_description(survey_to_switch->survey);
        });
    });
}

}  // namespace standpoint::app

#include "kiosk/app/sync_command.hpp"

#include <iostream>
#include <string>

#include "kiosk/app/device_key.hpp"
#include "kiosk/app/kiosk_state.hpp"
#include "kiosk/app/store_advice.hpp"
#include "kiosk/shell/event_rule.hpp"
#include "kiosk/xlsform/load_survey_file.hpp"
#include "kiosk/store/response_store.hpp"

namespace standpoint::app {

namespace fs = std::filesystem;

namespace {

fs::path data_dir_of(const std::optional<std::string>& data_dir) {
    return data_dir ? fs::path(*data_dir) : default_data_dir();
}

}  // namespace

int run_sync_once(const SyncCommand& command, std::ostream& out, std::ostream& err) {
    const fs::path data_dir = data_dir_of(command.data_dir);
    auto config = load_sync_config(data_dir);
    if (!config) {
        err << "standpoint sync: " << config.error().message << '\n';
        return exit_failure;
    }
    if (!*config) {
        err << "standpoint sync: sync is not set up: write " << (data_dir / sync_config_file_name)
            << " with {\"endpoint\": \"https://...\"} and put the device token in "
            << (data_dir / "sync-token") << " (chmod 600). See docs/sync-client.md.\n";
        return exit_failure;
    }
    if (Status keyed = add_sync_key(**config, data_dir); !keyed) {
        err << "standpoint sync: " << keyed.error().message << '\n';
        return exit_failure;
    }
    auto store = ResponseStore::open(data_dir);
    if (!store) {
        err << "standpoint sync: " << store_problem_in_words(store.error()) << '\n';
        return exit_failure;
    }
    sync_global_init();
    SyncEngine engine(std::move(**config), run_directly(**store), nullptr);
    std::int64_t sent = 0;
    std::int64_t bytes = 0;
    bool is_all_sent = true;
    for (;;) {
        auto attempt = engine.attempt();
        if (!attempt) {
            err << "standpoint sync: " << attempt.error().message << '\n';
            return exit_failure;
        }
        if (!*attempt) break;  // nothing left to send
        const AttemptReport& report = **attempt;
        out << "batch " << report.batch_id << " (" << report.responses << " responses, "
            << report.body_bytes << " bytes): " << to_string(report.outcome) << ": "
            << report.message << '\n';
        bytes += report.body_bytes;
        if (report.decision.step == NextStep::apply_results) {
            sent += report.responses;
            continue;
        }
        // Smaller batches now, or the same responses again with the survey the collector lacks.
        if (report.decision.step == NextStep::split_batch ||
            report.decision.step == NextStep::resend_with_surveys)
            continue;
        is_all_sent = false;
        if (report.decision.step == NextStep::retry_later)
            out << "will retry later (the kiosk would wait " << report.decision.delay_ms / 1000
                << " s); nothing was lost: the same batch is sent again next time\n";
        break;
    }
    auto counts = (*store)->outbox_counts();
    if (!counts) {
        err << "standpoint sync: " << counts.error().message << '\n';
        return exit_failure;
    }
    // The heartbeat, and a survey the collector assigned: staged for the kiosk's next start.
    if (is_all_sent) {
        auto state = load_kiosk_state(data_dir);
        std::string running_sha256;
        if (state && !state->survey_path.empty())
            if (auto running = load_survey_file(state->survey_path))
                running_sha256 = running->survey.sha256;
        SurveyInbox inbox(data_dir);
        std::optional<shell::StagedSurvey> staged;
        const std::string line = run_survey_round(
            engine, inbox,
            make_heartbeat(counts->pending, state ? event_for(*state, Clock::now()) : "",
                           running_sha256),
            staged);
        out << (line.empty() ? "survey from the collector: nothing new" : line) << '\n';
    }
    out << "sent " << sent << " responses in " << bytes << " bytes; " << counts->pending
        << " waiting, " << counts->synced << " synced";
    if (counts->conflict > 0) out << ", " << counts->conflict << " in conflict (see the collector)";
    if (counts->rejected > 0) out << ", " << counts->rejected << " rejected";
    out << '\n';
    return is_all_sent && counts->pending == 0 ? exit_ok : exit_failure;
}

int run_status(const StatusCommand& command, std::ostream& out, std::ostream& err) {
    const fs::path data_dir = data_dir_of(command.data_dir);
    auto store = ResponseStore::open(data_dir);
    if (!store) {
        err << "standpoint status: " << store_problem_in_words(store.error()) << '\n';
        return exit_failure;
    }
    // Every stored answer is checked against the hash saved with it, so the count is the truth.
    const auto fail = [&err](const Error& error) {
        err << "standpoint status: " << error.message << '\n';
        return exit_failure;
    };
    if (auto checked = (*store)->find_damaged_answers(); !checked) return fail(checked.error());
    auto counts = (*store)->outbox_counts();
    if (!counts) return fail(counts.error());
    auto damaged = (*store)->damaged_responses();
    if (!damaged) return fail(damaged.error());
    out << "pending " << counts->pending << "\nsynced " << counts->synced << "\nconflict "
        << counts->conflict << "\nrejected " << counts->rejected << "\nbatches waiting "
        << counts->open_batches << "\ndamaged " << counts->damaged << '\n';
    // What staff give the collector (add-device --public-key, set-device-key): docs/security.md.
    if (auto key = load_or_make_device_key(data_dir); key)
        out << "device " << (*store)->device_id() << "\ndevice key " << key->public_key_hex() << '\n';
    else
        err << "standpoint status: " << key.error().message << '\n';
    for (const DamagedResponse& each : *damaged)
        out << "damaged response " << each.id << " (seq " << each.seq << ", found " << each.found_at
            << ")\n";
    return exit_ok;
}

std::unique_ptr<SyncThread> start_kiosk_sync(const fs::path& data_dir, StoreWorker& worker,
                                             SurveyMailbox& mailbox, std::ostream& err) {
    auto config = load_sync_config(data_dir);
    if (!config) {
        err << "standpoint: sync is off: " << config.error().message << '\n';
        return nullptr;
    }
    if (!*config) return nullptr;  // not set up: the kiosk works offline, as designed
    if (Status keyed = add_sync_key(**config, data_dir); !keyed) {
        err << "standpoint: sync is off: " << keyed.error().message << '\n';
        return nullptr;
    }
    sync_global_init();
    auto inbox = std::make_shared<SurveyInbox>(data_dir);
    // On the sync thread: staff refusals written down, then the heartbeat and the fetch.
    auto after_round = [inbox, &mailbox](SyncEngine& engine, std::int64_t pending) {
        for (const std::string& sha256 : mailbox.take_refusals())
            if (Status kept = inbox->refuse(sha256); !kept)
                std::cerr << "standpoint: " << kept.error().message << '\n';
        const auto [running_sha256, event_id] = mailbox.running();
        std::optional<shell::StagedSurvey> staged;
        const std::string line = run_survey_round(
            engine, *inbox, make_heartbeat(pending, event_id, running_sha256), staged);
        if (!line.empty()) std::cerr << "standpoint: " << line << '\n';
        if (staged) mailbox.post_staged(std::move(*staged));
    };
    return std::make_unique<SyncThread>(std::move(**config), run_on_worker(worker),
                                        std::function<void()>{}, std::move(after_round));
}

}  // namespace standpoint::app

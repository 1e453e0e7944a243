// `standpoint sync --once`, `standpoint status`, and starting the sync thread inside the kiosk.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>

#include "kiosk/app/cli.hpp"
#include "kiosk/app/survey_inbox.hpp"
#include "kiosk/store/store_worker.hpp"
#include "sync/client/sync_client.hpp"

namespace standpoint::app {

// Opens the store itself (one writer: not while a kiosk runs on the same folder), sends batch
// after batch until nothing is waiting or an attempt fails, printing each attempt.
int run_sync_once(const SyncCommand& command, std::ostream& out, std::ostream& err);
int run_status(const StatusCommand& command, std::ostream& out, std::ostream& err);

// The kiosk's background sync, when `data_dir`/sync.json exists: store work goes through
// `worker`'s thread. nullptr (with the reason on `err`) when not configured or misconfigured.
// Must be destroyed before `worker`. After each round it sends the heartbeat and stages a survey
// the collector assigned, handing it to the shell through `mailbox` (must outlive the thread).
std::unique_ptr<SyncThread> start_kiosk_sync(const std::filesystem::path& data_dir,
                                             StoreWorker& worker, SurveyMailbox& mailbox,
                                             std::ostream& err);

}  // namespace standpoint::app

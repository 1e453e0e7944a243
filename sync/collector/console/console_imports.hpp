// Importing a kiosk's USB export through the console: an admin uploads the export folder's files
// and they go through exactly `standpoint-collector import` (import_command.hpp): the same
// manifest checks, the same dedupe, one transaction, the same report.
#pragma once

#include <filesystem>

#include "sync/collector/collector_store.hpp"

namespace httplib {
class Server;
}

namespace standpoint::console {

// GET /imports (the form) and POST /imports (multipart: the files, the CSRF token, and
// optionally the name to register an unknown kiosk under).
// `collector_key_file`: the collector's key pair, to open personal data sealed to it.
void install_import_routes(httplib::Server& server, CollectorStore& store,
                           std::filesystem::path collector_key_file);

}  // namespace standpoint::console

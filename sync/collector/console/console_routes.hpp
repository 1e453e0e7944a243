// The web console (docs/console.md) on the collector's own cpp-httplib server: sign-in, events
// with live counts, results, downloads, kiosks and the audit log. Same process, same store.
#pragma once

#include <filesystem>
#include <string>

#include "sync/collector/collector_store.hpp"

namespace httplib {
class Server;
}

namespace standpoint::console {

// Installs the console's routes (`/`, `/login`, `/events`, ...; never under `/v1/`, which is the
// kiosks' protocol). `store` must outlive the server.
// `signing_public_key`: the collector's survey-signing key (hex), for a new kiosk's sync.json.
void install_console_routes(httplib::Server& server, CollectorStore& store,
                            std::filesystem::path collector_key_file,
                            std::string signing_public_key);

}  // namespace standpoint::console

// `standpoint-collector add-user NAME --role admin|viewer`: a console account. The password is
// read from the terminal (asked twice, not echoed) or, when stdin is not a terminal, from its
// first line; only its Argon2id hash is stored (kiosk/secret, as the kiosk's staff PIN).
#pragma once

#include <string>

#include "sync/collector/collector_store.hpp"

namespace standpoint::console {

// Exit status: 0 added, 1 refused (name taken, store failure), 2 bad arguments or password.
int run_add_user_command(CollectorStore& store, const std::string& name, const std::string& role);

}  // namespace standpoint::console

// What staff can do about a store failure, by its kind: the one place that advice is written.
// The store says what went wrong (kiosk/store); the app adds this where the words meet a person
// (the staff screen, the resident's "not available" screen, the command line).
#pragma once

#include <string>

#include "kiosk/core/result.hpp"

namespace standpoint::app {

// "" for kinds with nothing useful to add.
std::string store_advice(ErrorKind kind);

// The store's words, then the advice for their kind.
std::string store_problem_in_words(const Error& error);

}  // namespace standpoint::app

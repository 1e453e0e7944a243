#include "kiosk/app/store_advice.hpp"

namespace standpoint::app {

std::string store_advice(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::disk_full:
            return "Nothing was lost, but no new response can be saved: free some space (export "
                   "today's responses first), then restart the kiosk.";
        case ErrorKind::damaged:
            return "Do not delete it: move the file aside for support and restart the kiosk to "
                   "begin a new store.";
        case ErrorKind::read_only:
            return "Check that the disk is not mounted read-only and that the kiosk's user owns "
                   "this folder, then restart the kiosk.";
        case ErrorKind::busy:
            return "Close any other program using the kiosk's data folder (a second kiosk, an "
                   "sqlite3 shell), then try again.";
        case ErrorKind::missing:
            return "Check that the disk is present and the data folder exists, then restart the "
                   "kiosk.";
        case ErrorKind::other:
        case ErrorKind::invalid_input:
        case ErrorKind::network:
            return "";
    }
    return "";
}

std::string store_problem_in_words(const Error& error) {
    const std::string advice = store_advice(error.kind);
    return advice.empty() ? error.message : error.message + " " + advice;
}

}  // namespace standpoint::app

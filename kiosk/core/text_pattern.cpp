#include "kiosk/core/text_pattern.hpp"

#include <re2/re2.h>

namespace standpoint {

namespace {

RE2::Options pattern_options() {
    RE2::Options options;  // UTF-8, leftmost-first: the ECMAScript reading of a plain pattern
    options.set_max_mem(max_pattern_memory_bytes);
    options.set_log_errors(false);  // the loader words the problem for the survey's author
    return options;
}

}  // namespace

std::string text_pattern_problem(const std::string& pattern) {
    const RE2 compiled(pattern, pattern_options());
    if (compiled.ok()) return "";
    if (compiled.error_code() == RE2::ErrorPatternTooLarge) {
        return "it needs more than " + std::to_string(max_pattern_memory_bytes / 1024) +
               " KiB to run; make its repeat counts smaller";
    }
    return compiled.error();
}

bool matches_text_pattern(const std::string& pattern, const std::string& text) {
    const RE2 compiled(pattern, pattern_options());
    if (!compiled.ok()) return true;
    return RE2::FullMatch(text, compiled);
}

}  // namespace standpoint

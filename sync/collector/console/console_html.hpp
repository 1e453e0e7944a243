// The console's page frame (header, navigation, main, footer), its style sheet and its one
// small script. Plain server-rendered HTML in the GOV.UK manner: every page works without the
// script, every field has a real label, focus is always visible, text reflows at 200 % zoom.
// Every text from a request, the store or a survey goes through escape_html (kiosk/export's
// summary_markup.hpp): one escaping function for the summary and the console.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sync/collector/console/console_db.hpp"

namespace standpoint::console {

struct Viewer {
    std::string name;
    Role role = Role::viewer;
    std::string csrf_token;
};

// A whole HTML document. `section` marks the navigation link of the current page
// ("events", "results", "kiosks", "audit"); `with_script` loads console.js (the live counts).
std::string page(std::string_view title, const std::optional<Viewer>& viewer,
                 std::string_view section, std::string_view main_html, bool with_script = false);

// <input type="hidden" name="csrf" value="...">: every form that changes something has one.
std::string csrf_field(std::string_view token);

// A GOV.UK-style error summary box (role="alert"), or "" when `message` is empty.
std::string error_summary(std::string_view message);
std::string notice(std::string_view message);  // a green "done" box

// Query-string value, percent-encoded (for links that carry the filters).
std::string url_encode(std::string_view text);

extern const char* const console_css;
extern const char* const console_js;

}  // namespace standpoint::console

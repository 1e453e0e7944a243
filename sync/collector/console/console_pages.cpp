#include "sync/collector/console/console_pages.hpp"

#include <map>

#include "kiosk/core/local_time.hpp"
#include "kiosk/export/summary_charts.hpp"
#include "kiosk/export/summary_markup.hpp"

namespace standpoint::console {

namespace {

std::string text_field(std::string_view id, std::string_view label, std::string_view value,
                       std::string_view type = "text", std::string_view extra = "") {
    return "<div class=\"field\"><label for=\"" + std::string(id) + "\">" + std::string(label) +
           "</label><input type=\"" + std::string(type) + "\" id=\"" + std::string(id) +
           "\" name=\"" + std::string(id) + "\" value=\"" + escape_html(value) + "\"" +
           std::string(extra) + "></div>";
}

std::string kiosk_label(const std::string& name, const std::string& device_id) {
    if (!name.empty()) return name;
    return device_id.empty() ? std::string("(unknown kiosk)")
                             : "unregistered " + device_id.substr(0, 8);
}

// "2026-11-23T14:05:09.123Z" -> "2026-11-23 14:05:09" (the tables say UTC in their heading).
std::string readable_utc(const std::string& text) {
    if (text.size() < 19) return text;
    return text.substr(0, 10) + " " + text.substr(11, 8);
}

std::string filter_query(const ResultsFilter& filter) {
    return "event=" + url_encode(filter.event_id) + "&kiosk=" + url_encode(filter.device_id) +
           "&from=" + url_encode(filter.from_date) + "&to=" + url_encode(filter.to_date);
}

std::string when_text(const Response& response) {
    std::string text;
    append_local_datetime(text, local_seconds(response.completed_at, response.utc_offset_minutes));
    return text;
}

std::string question_block(const QuestionResult& question, const std::string& language,
                           const ResultsView& view,
                           const std::map<std::string, std::string>& names) {
    std::string html = "<section class=\"question\"><h3>" + escape_html(question.prompt) + "</h3>";
    html += "<p class=\"hint\">" + format_count(question.answered) + " answered, " +
            format_count(question.unanswered) + " did not answer.";
    if (question.is_equality) {
        html += " An equality question: a group of fewer than " +
                std::to_string(small_group_limit) + " is shown as &lt;10.";
    }
    html += "</p>";
    switch (question.type) {
        case QuestionType::single:
        case QuestionType::multi:
        case QuestionType::yesno:
        case QuestionType::consent:
            html += "<div class=\"chart\">" + bar_chart(question, language) + "</div>";
            break;
        case QuestionType::smiley:
        case QuestionType::stars:
        case QuestionType::scale:
            html += "<div class=\"chart\">" + column_chart(question) + "</div>";
            if (question.mean) html += "<p>Mean " + format_decimal(*question.mean) + ".</p>";
            if (question.nps)
                html += "<p>Net Promoter Score " + std::to_string(*question.nps) + ".</p>";
            break;
        case QuestionType::number:
            if (question.mean) {
                html += "<p>Mean " + format_decimal(*question.mean);
                if (question.min && question.max) {
                    html += ", lowest " + std::to_string(*question.min) + ", highest " +
                            std::to_string(*question.max);
                }
                html += ".</p>";
            }
            break;
        case QuestionType::text: {
            std::string items;
            std::int64_t shown = 0;
            for (const StoredResponse* stored : view.responses) {
                const auto found = stored->response.answers.find(question.question_id);
                if (found == stored->response.answers.end()) continue;
                const auto* text = std::get_if<TextAnswer>(&found->second);
                if (text == nullptr || text->value.empty()) continue;
                if (++shown > 1000) break;
                const auto name = names.find(stored->response.device_id);
                items += "<li>" + escape_html(text->value) + "<span class=\"when\">" +
                         escape_html(when_text(stored->response)) + ", " +
                         escape_html(kiosk_label(name == names.end() ? "" : name->second,
                                                 stored->response.device_id)) +
                         "</span></li>";
            }
            if (!items.empty()) {
                html += "<details open><summary>Read the answers</summary><ul class=\"answers\">" +
                        items + "</ul></details>";
                if (shown > 1000)
                    html += "<p>The first 1,000 are shown; download the CSV for all.</p>";
            }
            break;
        }
        case QuestionType::info:
            break;
    }
    return html + "</section>";
}

// The kiosk's last heartbeat in one cell: when, pending, version, and its clock against the
// collector's (a warning when it is off by more than clock_skew_warning_ms).
std::string heartbeat_cells(const std::map<std::string, KioskHeartbeat>& beats,
                            const std::string& device_id) {
    const auto found = beats.find(device_id);
    if (found == beats.end()) return "<td>never</td>";
    const KioskHeartbeat& beat = found->second;
    const std::int64_t skew_s = beat.clock_skew_ms / 1000;
    const bool is_off = beat.clock_skew_ms > clock_skew_warning_ms ||
                        beat.clock_skew_ms < -clock_skew_warning_ms;
    std::string clock;
    if (is_off) {
        clock = "<strong class=\"clock-warning\">Clock " +
                std::string(skew_s > 0 ? "ahead" : "behind") + " by " +
                std::to_string(skew_s > 0 ? skew_s : -skew_s) +
                " s: set the kiosk's date and time</strong>";
    } else {
        clock = "clock ok (" + std::to_string(skew_s) + " s)";
    }
    return "<td>" + escape_html(readable_utc(beat.seen_at)) + "<br>" +
           format_count(beat.heartbeat.pending) + " pending on the kiosk<br>version " +
           escape_html(beat.heartbeat.app_version) + "<br>" + clock + "</td>";
}

}  // namespace

std::string kiosk_sync_json(const std::string& collector_url, const std::string& signing_key) {
    return "{\"endpoint\": \"" + collector_url +
           "\", \"batch_size\": 500,\n \"collector_signing_key\": \"" + signing_key + "\"}\n";
}

std::string login_page(std::string_view error, std::string_view login_csrf, std::string_view name) {
    std::string html = error_summary(error);
    html += "<form method=\"post\" action=\"/login\" novalidate>";
    html += csrf_field(login_csrf);
    html += text_field("name", "User name", name, "text",
                       " autocomplete=\"username\" spellcheck=\"false\"");
    html +=
        text_field("password", "Password", "", "password", " autocomplete=\"current-password\"");
    html += "<button type=\"submit\">Sign in</button></form>";
    html +=
        "<p class=\"hint\">Accounts are made by the collector's administrator with "
        "<code>standpoint-collector add-user</code>.</p>";
    return page("Sign in", std::nullopt, "", html);
}

std::string events_page(const Viewer& viewer, const std::vector<EventKioskCount>& counts) {
    std::int64_t total = 0;
    std::map<std::string, std::int64_t> per_event;
    for (const auto& row : counts) {
        total += row.responses;
        per_event[row.event_id] += row.responses;
    }
    std::string html = "<p>Responses held: <strong data-live=\"total\">" + format_count(total) +
                       "</strong></p><p id=\"live-status\" class=\"hint\" aria-live=\"polite\">"
                       "Reload the page to see new responses.</p>";
    if (counts.empty()) {
        html +=
            "<p>No responses have reached the collector yet. Add a kiosk on the Kiosks page "
            "and set up its sync, or import a USB export.</p>";
        return page("Events", viewer, "events", html, true);
    }
    html +=
        "<div class=\"table-wrap\"><table><caption class=\"hint\">Responses per event and "
        "kiosk</caption><thead><tr><th scope=\"col\">Event</th><th scope=\"col\">Kiosk</th>"
        "<th scope=\"col\" class=\"number\">Responses</th><th scope=\"col\">Last received "
        "(UTC)</th></tr></thead><tbody>";
    std::string current;
    bool first = true;
    for (const auto& row : counts) {
        if (first || row.event_id != current) {
            current = row.event_id;
            first = false;
            html += "<tr><th scope=\"row\"><a href=\"/results?event=" + url_encode(row.event_id) +
                    "\">" + escape_html(row.event_id.empty() ? "(no event)" : row.event_id) +
                    "</a></th><td>All kiosks</td><td class=\"number\"><strong data-live=\"event:" +
                    escape_html(row.event_id) + "\">" + format_count(per_event[row.event_id]) +
                    "</strong></td><td></td></tr>";
        }
        html += "<tr><td></td><td><a href=\"/results?event=" + url_encode(row.event_id) +
                "&amp;kiosk=" + url_encode(row.device_id) + "\">" +
                escape_html(kiosk_label(row.kiosk_name, row.device_id)) +
                "</a></td><td class=\"number\" data-live=\"kiosk:" + escape_html(row.device_id) +
                ":" + escape_html(row.event_id) + "\">" + format_count(row.responses) +
                "</td><td>" + escape_html(readable_utc(row.last_received_at)) + "</td></tr>";
    }
    html += "</tbody></table></div>";
    return page("Events", viewer, "events", html, true);
}

std::string results_page(const Viewer& viewer, const ResultsView& view) {
    const ResultsFilter& filter = view.filter;
    std::map<std::string, std::string> names;
    for (const KioskRow& kiosk : view.kiosks) {
        if (!kiosk.device_id.empty()) names[kiosk.device_id] = kiosk.name;
    }
    std::string html = "<form method=\"get\" action=\"/results\" class=\"filters\">";
    html +=
        "<div class=\"field\"><label for=\"event\">Event</label><select id=\"event\" "
        "name=\"event\"><option value=\"\">All events</option>";
    for (const std::string& event : view.events) {
        html += "<option value=\"" + escape_html(event) + "\"" +
                (event == filter.event_id ? " selected" : "") + ">" +
                escape_html(event.empty() ? "(no event)" : event) + "</option>";
    }
    html +=
        "</select></div><div class=\"field\"><label for=\"kiosk\">Kiosk</label><select "
        "id=\"kiosk\" name=\"kiosk\"><option value=\"\">All kiosks</option>";
    for (const KioskRow& kiosk : view.kiosks) {
        if (kiosk.device_id.empty()) continue;
        html += "<option value=\"" + escape_html(kiosk.device_id) + "\"" +
                (kiosk.device_id == filter.device_id ? " selected" : "") + ">" +
                escape_html(kiosk.name) + "</option>";
    }
    html += "</select></div>";
    html += text_field("from", "From (kiosk's local date)", filter.from_date, "date");
    html += text_field("to", "To (inclusive)", filter.to_date, "date");
    html += "<button type=\"submit\">Show results</button></form>";
    if (!view.error.empty()) {
        html = error_summary(view.error) + html;
        return page("Results", viewer, "results", html);
    }
    const std::string query = filter_query(filter);
    html +=
        "<div class=\"downloads\"><h2>Download</h2><p class=\"hint\">The same files as a "
        "kiosk's USB export, for these filters (personal data left out).</p><ul>";
    html += "<li><a href=\"/download?" + escape_html(query) +
            "&amp;format=csv\">Responses (CSV)</a></li>";
    html += "<li><a href=\"/download?" + escape_html(query) +
            "&amp;format=xlsx\">Responses (Excel, XLSX)</a></li>";
    html += "<li><a href=\"/download?" + escape_html(query) +
            "&amp;format=jsonl\">Responses (JSON lines, lossless)</a></li>";
    html += "<li><a href=\"/download?" + escape_html(query) +
            "&amp;format=summary\">Summary (HTML)</a></li>";
    html +=
        "<li><a href=\"/summary?" + escape_html(query) + "\">Printable one-page summary</a></li>";
    html += "</ul></div>";
    if (view.results.empty()) {
        html += "<p>No responses match these filters.</p>";
        return page("Results", viewer, "results", html);
    }
    for (const SurveyResults& survey : view.results) {
        html += "<h2>" + escape_html(survey.title) + " <span class=\"hint\">(" +
                escape_html(survey.survey_id) + ")</span></h2>";
        html += "<p>" + format_count(survey.complete) + " complete, " +
                format_count(survey.partial) + " partial.</p>";
        html += "<h3>Responses by hour (kiosk's local time)</h3><div class=\"chart\">" +
                hour_chart(survey.per_hour) + "</div>";
        for (const QuestionResult& question : survey.questions) {
            html += question_block(question, survey.language, view, names);
        }
    }
    return page("Results", viewer, "results", html);
}

std::string kiosks_page(const Viewer& viewer, const KiosksView& view) {
    std::string html = error_summary(view.error) + notice(view.done);
    if (!view.new_token.empty()) {
        html += "<div class=\"notice\" role=\"status\"><h2>Kiosk " +
                escape_html(view.new_kiosk_name) +
                " added</h2><p>Its sync token is shown <strong>this once</strong>; the collector "
                "keeps only its SHA-256. Put it in the kiosk's data folder as "
                "<code>sync-token</code> (<code>chmod 600</code>):</p><p class=\"token\" "
                "id=\"new-token\">" +
                escape_html(view.new_token) +
                "</p><p>and this set-up file as <code>sync.json</code> next to it (it names this "
                "collector and the key the kiosk checks the surveys it is sent against):</p>"
                "<pre class=\"token\" id=\"new-sync-json\">" +
                escape_html(kiosk_sync_json(view.collector_url, view.collector_signing_key)) +
                "</pre></div>";
    }
    html +=
        "<h2>Add a kiosk</h2><form method=\"post\" action=\"/kiosks/add\" class=\"inline-form\">" +
        csrf_field(viewer.csrf_token) +
        text_field("name", "Kiosk name", "", "text", " required maxlength=\"100\"") +
        "<button type=\"submit\">Add kiosk</button></form>";
    html += "<h2>Kiosks</h2>";
    if (view.kiosks.empty()) {
        html += "<p>No kiosks yet.</p>";
    } else {
        html +=
            "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Name</th>"
            "<th scope=\"col\">Device</th><th scope=\"col\">Last batch (UTC)</th>"
            "<th scope=\"col\" class=\"number\">Responses</th><th scope=\"col\">Last "
            "heartbeat (UTC)</th><th scope=\"col\">Change</th></tr></thead><tbody>";
        int row = 0;
        for (const KioskRow& kiosk : view.kiosks) {
            const std::string id = "rename-" + std::to_string(++row);
            html +=
                "<tr><th scope=\"row\">" + escape_html(kiosk.name) + "</th><td><code>" +
                escape_html(kiosk.device_id.empty() ? "not synced yet" : kiosk.device_id) +
                "</code></td><td>" +
                escape_html(kiosk.last_batch_at.empty()
                                ? std::string("never")
                                : readable_utc(kiosk.last_batch_at) + " (" +
                                      std::to_string(kiosk.last_batch_responses) + " responses)") +
                "</td><td class=\"number\">" + format_count(kiosk.responses) + "</td>";
            html += heartbeat_cells(view.heartbeats, kiosk.device_id) + "<td>";
            html += "<form method=\"post\" action=\"/kiosks/rename\" class=\"inline-form\">" +
                    csrf_field(viewer.csrf_token) +
                    "<input type=\"hidden\" name=\"name\" value=\"" + escape_html(kiosk.name) +
                    "\"><div class=\"field\"><label for=\"" + id + "\">New name for " +
                    escape_html(kiosk.name) + "</label><input type=\"text\" id=\"" + id +
                    "\" name=\"new_name\" required maxlength=\"100\"></div><button "
                    "type=\"submit\" class=\"secondary\">Rename</button></form>";
            html += "<form method=\"post\" action=\"/kiosks/revoke\">" +
                    csrf_field(viewer.csrf_token) +
                    "<input type=\"hidden\" name=\"name\" value=\"" + escape_html(kiosk.name) +
                    "\"><button type=\"submit\" class=\"warning\">Revoke " +
                    escape_html(kiosk.name) + "</button></form></td></tr>";
        }
        html += "</tbody></table></div>";
    }
    if (!view.revoked.empty()) {
        html +=
            "<h2>Revoked kiosks</h2><p class=\"hint\">Their tokens are refused; their "
            "responses stay.</p><div class=\"table-wrap\"><table><thead><tr><th "
            "scope=\"col\">Name</th><th scope=\"col\">Device</th><th scope=\"col\">Revoked "
            "(UTC)</th></tr></thead><tbody>";
        for (const RevokedKiosk& kiosk : view.revoked) {
            html += "<tr><td>" + escape_html(kiosk.name) + "</td><td><code>" +
                    escape_html(kiosk.device_id) + "</code></td><td>" +
                    escape_html(readable_utc(kiosk.revoked_at)) + "</td></tr>";
        }
        html += "</tbody></table></div>";
    }
    return page("Kiosks", viewer, "kiosks", html);
}

std::string revoke_confirmation_page(const Viewer& viewer, const std::string& name) {
    std::string html =
        "<p>Its token will be refused from the next request on: the kiosk cannot "
        "sync again until an admin adds it anew (with a new token). Its responses "
        "stay on the collector.</p>";
    html += "<form method=\"post\" action=\"/kiosks/revoke\">" + csrf_field(viewer.csrf_token) +
            "<input type=\"hidden\" name=\"name\" value=\"" + escape_html(name) +
            "\"><input type=\"hidden\" name=\"confirm\" value=\"yes\"><button type=\"submit\" "
            "class=\"warning\">Yes, revoke " +
            escape_html(name) +
            "</button></form><p><a href=\"/kiosks\">No, go back to the kiosks</a></p>";
    return page("Revoke " + name + "?", viewer, "kiosks", html);
}

std::string audit_page(const Viewer& viewer, const std::vector<AuditEntry>& entries) {
    std::string html = "<p class=\"hint\">The latest 500 actions, newest first.</p>";
    html +=
        "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">When (UTC)</th><th "
        "scope=\"col\">Who</th><th scope=\"col\">What</th><th scope=\"col\">Detail</th></tr>"
        "</thead><tbody>";
    for (const AuditEntry& entry : entries) {
        html += "<tr><td>" + escape_html(readable_utc(entry.at)) + "</td><td>" +
                escape_html(entry.user_name) + "</td><td>" + escape_html(entry.action) +
                "</td><td>" + escape_html(entry.detail) + "</td></tr>";
    }
    html += "</tbody></table></div>";
    return page("Audit log", viewer, "audit", html);
}

std::string message_page(const std::optional<Viewer>& viewer, std::string_view title,
                         std::string_view message) {
    return page(
        title, viewer, "",
        "<p>" + escape_html(message) + "</p><p><a href=\"/events\">Back to the events</a></p>");
}

}  // namespace standpoint::console

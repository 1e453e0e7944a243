#include "sync/collector/console/console_surveys.hpp"

#include <nlohmann/json.hpp>

#include "kiosk/export/summary_markup.hpp"
#include "kiosk/xlsform/load_survey_file.hpp"
#include "sync/collector/console/console_http.hpp"
#include "sync/protocol/batch.hpp"

namespace standpoint::console {

namespace {

using httplib::Request;
using httplib::Response;

constexpr std::size_t max_you_said_bytes = 2000;

struct SurveysView {
    std::vector<UploadedSurvey> surveys;
    std::vector<SurveyAssignment> assignments;
    std::vector<KioskRow> kiosks;
    std::map<std::string, KioskHeartbeat> heartbeats;
    std::string error, done;
};

std::string short_sha(const std::string& sha) { return sha.substr(0, 12); }

std::string kiosk_name(const SurveysView& view, const std::string& device_id) {
    for (const KioskRow& kiosk : view.kiosks)
        if (kiosk.device_id == device_id) return kiosk.name;
    return device_id;
}

std::string survey_name(const SurveysView& view, const std::string& sha) {
    for (const UploadedSurvey& survey : view.surveys)
        if (survey.sha256 == sha)
            return survey.title + " (" + survey.survey_id + " v" + std::to_string(survey.version) +
                   ")";
    return sha;
}

// Which kiosks run an assignment now, by their last heartbeat.
std::string running_text(const SurveysView& view, const SurveyAssignment& a) {
    std::string names;
    for (const auto& [device_id, beat] : view.heartbeats) {
        const bool is_target = a.target_kind == "kiosk" ? device_id == a.target
                                                        : beat.heartbeat.event_id == a.target;
        if (is_target && beat.heartbeat.survey_sha256 == a.sha256)
            names += (names.empty() ? "" : ", ") + kiosk_name(view, device_id);
    }
    return names.empty() ? "none yet (a kiosk switches at its next attract screen after a sync)"
                         : names;
}

std::string surveys_page(const Viewer& viewer, const SurveysView& view) {
    std::string html = error_summary(view.error) + notice(view.done);
    html +=
        "<p>Send a survey to kiosks: upload it, then assign it to an event (every kiosk whose "
        "staff chose that event) or to one kiosk. A kiosk fetches it on its next sync, checks "
        "the collector's signature, and switches at its next attract screen, never in the "
        "middle of someone's answers. Staff can refuse it on the kiosk's staff screen.</p>";
    html += "<h2>Upload a survey</h2><form method=\"post\" action=\"/surveys/upload\" "
            "enctype=\"multipart/form-data\">" +
            csrf_field(viewer.csrf_token) +
            "<div class=\"field\"><label for=\"survey\">Survey file (.json or XLSForm "
            ".xlsx)</label><p class=\"hint\" id=\"survey-hint\">At most 4 MB. It is checked as "
            "<code>standpoint check-survey</code> checks it.</p><input type=\"file\" "
            "id=\"survey\" name=\"survey\" required aria-describedby=\"survey-hint\"></div>"
            "<button type=\"submit\">Upload and check</button></form>";

    html += "<h2>Surveys</h2>";
    if (view.surveys.empty()) {
        html += "<p>No surveys uploaded yet.</p>";
    } else {
        html +=
            "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Title</th><th "
            "scope=\"col\">Id and version</th><th scope=\"col\">File</th><th "
            "scope=\"col\">SHA-256</th><th scope=\"col\">Uploaded (UTC)</th></tr></thead><tbody>";
        for (const UploadedSurvey& survey : view.surveys) {
            html += "<tr><th scope=\"row\">" + escape_html(survey.title) + "</th><td>" +
                    escape_html(survey.survey_id + " v" + std::to_string(survey.version)) +
                    "</td><td>" + escape_html(survey.source_name) + "</td><td><code>" +
                    escape_html(short_sha(survey.sha256)) + "</code></td><td>" +
                    escape_html(survey.uploaded_at.substr(0, 10) + " " + survey.uploaded_at.substr(11, 8)) +
                    " by " +
                    escape_html(survey.uploaded_by) + "</td></tr>";
        }
        html += "</tbody></table></div>";

        html += "<h2>Assign a survey</h2><form method=\"post\" action=\"/surveys/assign\">" +
                csrf_field(viewer.csrf_token) +
                "<div class=\"field\"><label for=\"sha256\">Survey</label><select id=\"sha256\" "
                "name=\"sha256\">";
        for (const UploadedSurvey& survey : view.surveys)
            html += "<option value=\"" + escape_html(survey.sha256) + "\">" +
                    escape_html(survey_name(view, survey.sha256)) + "</option>";
        html += "</select></div><div class=\"field\"><label for=\"target\">To</label><select "
                "id=\"target\" name=\"target\"><option value=\"event:\">the event named "
                "below</option>";
        for (const KioskRow& kiosk : view.kiosks) {
            if (kiosk.device_id.empty()) continue;  // not synced yet: no device id to send to
            html += "<option value=\"kiosk:" + escape_html(kiosk.device_id) + "\">the kiosk " +
                    escape_html(kiosk.name) + "</option>";
        }
        html +=
            "</select></div><div class=\"field\"><label for=\"event\">Event (its id, as the "
            "kiosk's staff screen made it, e.g. gala-2026)</label><input type=\"text\" "
            "id=\"event\" name=\"event\" maxlength=\"200\"></div>"
            "<div class=\"field\"><label for=\"you_said\">\"You said, we did\" for this event "
            "(optional)</label><p class=\"hint\" id=\"you-said-hint\">Shown on the thank-you "
            "screen, in every language of the survey.</p><textarea id=\"you_said\" "
            "name=\"you_said\" rows=\"3\" maxlength=\"2000\" "
            "aria-describedby=\"you-said-hint\"></textarea></div>"
            "<div class=\"field\"><label for=\"follow_up_url\">Follow-up page (optional, "
            "https://...)</label><input type=\"url\" id=\"follow_up_url\" "
            "name=\"follow_up_url\" maxlength=\"200\"></div>"
            "<button type=\"submit\">Assign</button></form>";
    }

    html += "<h2>Assigned</h2>";
    if (view.assignments.empty()) {
        html += "<p>Nothing is assigned: kiosks keep the survey they run.</p>";
    } else {
        html +=
            "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">To</th><th "
            "scope=\"col\">Survey</th><th scope=\"col\">You said, we did</th><th "
            "scope=\"col\">Follow-up page</th><th scope=\"col\">Running on</th><th "
            "scope=\"col\">Change</th></tr></thead><tbody>";
        for (const SurveyAssignment& a : view.assignments) {
            const std::string to = a.target_kind == "kiosk" ? "kiosk " + kiosk_name(view, a.target)
                                                            : "event " + a.target;
            html += "<tr><th scope=\"row\">" + escape_html(to) + "</th><td>" +
                    escape_html(survey_name(view, a.base_sha256)) + " <code>" +
                    escape_html(short_sha(a.sha256)) + "</code></td><td>" +
                    escape_html(a.you_said_we_did) + "</td><td>" + escape_html(a.follow_up_url) +
                    "</td><td>" + escape_html(running_text(view, a)) +
                    "</td><td><form method=\"post\" action=\"/surveys/unassign\">" +
                    csrf_field(viewer.csrf_token) + "<input type=\"hidden\" name=\"target\" value=\"" +
                    escape_html(a.target_kind + ":" + a.target) +
                    "\"><button type=\"submit\" class=\"secondary\">Stop sending to " +
                    escape_html(to) + "</button></form></td></tr>";
        }
        html += "</tbody></table></div>";
    }
    return page("Surveys", viewer, "surveys", html);
}

void show(CollectorStore& store, Response& res, const Viewer& viewer, SurveysView view,
          int status = 200) {
    auto surveys = uploaded_surveys(store);
    if (!surveys) return store_failed(res, viewer, surveys.error());
    auto assigned = survey_assignments(store);
    if (!assigned) return store_failed(res, viewer, assigned.error());
    auto listed = kiosks(store);
    if (!listed) return store_failed(res, viewer, listed.error());
    auto beats = kiosk_heartbeats(store);
    if (!beats) return store_failed(res, viewer, beats.error());
    view.surveys = std::move(surveys).value();
    view.assignments = std::move(assigned).value();
    view.kiosks = std::move(listed).value();
    view.heartbeats = std::move(beats).value();
    send_html(res, status, surveys_page(viewer, view));
}

std::string part(const Request& req, const char* name) {
    const auto found = req.files.find(name);
    return found == req.files.end() ? std::string() : found->second.content;
}

void handle_upload(CollectorStore& store, const Request& req, Response& res) {
    if (!req.is_multipart_form_data()) {
        auto viewer = require(store, req, res, Role::admin);
        SurveysView view;
        view.error = "Choose a survey file to upload.";
        if (viewer) show(store, res, *viewer, view, 400);
        return;
    }
    auto viewer = require_form(store, req, res, Role::admin, part(req, "csrf"));
    if (!viewer) return;
    const auto file = req.files.find("survey");
    SurveysView view;
    if (file == req.files.end() || file->second.content.empty()) {
        view.error = "Choose a survey file to upload.";
        return show(store, res, *viewer, view, 400);
    }
    // The name only labels messages; it is never used as a path.
    std::string name = file->second.filename.substr(0, 200);
    if (name.empty()) name = "survey";
    auto loaded = load_survey_bytes(file->second.content, name);
    if (!loaded) {
        view.error = "This survey cannot be sent to kiosks. Fix it and upload it again:\n" +
                     loaded.error().message;
        log_action(store, viewer->name, "survey refused", name);
        return show(store, res, *viewer, view, 400);
    }
    if (loaded->kept.definition.size() > max_survey_definition_bytes) {
        view.error = name + ": the survey is larger than kiosks accept (2 MB as JSON).";
        return show(store, res, *viewer, view, 400);
    }
    const Survey& survey = loaded->survey;
    UploadedSurvey kept{survey.sha256,  survey.id,         survey.version,
                        survey.title.in(survey.default_language()), name,
                        loaded->kept.definition, utc_now_text(), viewer->name};
    if (Status saved = save_uploaded_survey(store, kept); !saved)
        return store_failed(res, viewer, saved.error());
    log_action(store, viewer->name, "uploaded survey",
               survey.id + " v" + std::to_string(survey.version) + " " + short_sha(survey.sha256));
    view.done = "Checked and kept " + kept.title + " (" + survey.id + " v" +
                std::to_string(survey.version) + ", " + std::to_string(survey.questions.size()) +
                " questions).";
    for (const std::string& warning : loaded->warnings) view.done += "\n" + warning;
    show(store, res, *viewer, view);
}

// "event:<id>" or "kiosk:<device id>" -> kind and target; false when it is neither.
bool split_target(const std::string& text, const std::string& event, std::string& kind,
                  std::string& target) {
    if (text.rfind("event:", 0) == 0) {
        kind = "event";
        target = text.size() > 6 ? text.substr(6) : event;
        return !target.empty() && target.size() <= max_event_id_bytes;
    }
    if (text.rfind("kiosk:", 0) == 0) {
        kind = "kiosk";
        target = text.substr(6);
        return is_uuid(target);
    }
    return false;
}

void handle_assign(CollectorStore& store, const Request& req, Response& res) {
    const auto params = form(req);
    auto viewer = require_form(store, req, res, Role::admin, form_value(params, "csrf"));
    if (!viewer) return;
    SurveysView view;
    SurveyAssignment a;
    if (!split_target(form_value(params, "target"), form_value(params, "event"), a.target_kind,
                      a.target)) {
        view.error = "Choose a kiosk, or give the event's id (at most 200 bytes).";
        return show(store, res, *viewer, view, 400);
    }
    a.you_said_we_did = form_value(params, "you_said");
    a.follow_up_url = form_value(params, "follow_up_url");
    if (a.you_said_we_did.size() > max_you_said_bytes) {
        view.error = "\"You said, we did\" may have at most 2000 bytes.";
        return show(store, res, *viewer, view, 400);
    }
    a.base_sha256 = form_value(params, "sha256");
    auto survey = uploaded_survey(store, a.base_sha256);
    if (!survey) return store_failed(res, viewer, survey.error());
    if (!survey->has_value()) {
        view.error = "That survey is not uploaded here. Choose one from the list.";
        return show(store, res, *viewer, view, 400);
    }
    auto patched = with_event_texts((*survey)->definition, a.you_said_we_did, a.follow_up_url);
    auto checked = patched ? load_survey_bytes(*patched, "the survey with this event's texts")
                           : Result<LoadedSurvey>(patched.error());
    if (!checked) {
        view.error = "This assignment cannot be sent:\n" + checked.error().message;
        return show(store, res, *viewer, view, 400);
    }
    a.definition = std::move(*patched);
    a.sha256 = checked->survey.sha256;
    a.assigned_at = utc_now_text();
    a.assigned_by = viewer->name;
    if (Status saved = assign_survey(store, a); !saved)
        return store_failed(res, viewer, saved.error());
    log_action(store, viewer->name, "assigned survey",
               short_sha(a.sha256) + " to " + a.target_kind + " " + a.target);
    view.done = "Assigned. The kiosks fetch it on their next sync and switch at their next "
                "attract screen.";
    show(store, res, *viewer, view);
}

void handle_unassign(CollectorStore& store, const Request& req, Response& res) {
    const auto params = form(req);
    auto viewer = require_form(store, req, res, Role::admin, form_value(params, "csrf"));
    if (!viewer) return;
    SurveysView view;
    std::string kind, target;
    if (!split_target(form_value(params, "target"), "", kind, target)) {
        view.error = "Nothing like that is assigned.";
        return show(store, res, *viewer, view, 400);
    }
    auto gone = unassign_survey(store, kind, target);
    if (!gone) return store_failed(res, viewer, gone.error());
    if (*gone) log_action(store, viewer->name, "unassigned survey", kind + " " + target);
    view.done = *gone ? "No longer sent. Kiosks keep the survey they run."
                      : "Nothing was assigned there.";
    show(store, res, *viewer, view);
}

}  // namespace

Result<std::string> with_event_texts(const std::string& definition,
                                     const std::string& you_said_we_did,
                                     const std::string& follow_up_url) {
    auto json = nlohmann::ordered_json::parse(definition, nullptr, false);
    if (!json.is_object()) return Error{"the stored survey is not a JSON object"};
    if (!you_said_we_did.empty()) {
        nlohmann::ordered_json text = nlohmann::ordered_json::object();
        const auto languages = json.find("languages");
        if (languages != json.end() && languages->is_array()) {
            for (const auto& language : *languages)
                if (language.is_string()) text[language.get<std::string>()] = you_said_we_did;
        }
        json["you_said_we_did"] = text;
    }
    if (!follow_up_url.empty()) json["more_info_url"] = follow_up_url;
    if (you_said_we_did.empty() && follow_up_url.empty()) return definition;
    return json.dump(2, ' ', false, nlohmann::json::error_handler_t::strict) + "\n";
}

void install_survey_pages(httplib::Server& server, CollectorStore& store) {
    server.Get("/surveys", [&store](const Request& req, Response& res) {
        auto viewer = require(store, req, res, Role::admin);
        if (viewer) show(store, res, *viewer, {});
    });
    server.Post("/surveys/upload",
                [&store](const Request& req, Response& res) { handle_upload(store, req, res); });
    server.Post("/surveys/assign",
                [&store](const Request& req, Response& res) { handle_assign(store, req, res); });
    server.Post("/surveys/unassign", [&store](const Request& req, Response& res) {
        handle_unassign(store, req, res);
    });
}

}  // namespace standpoint::console

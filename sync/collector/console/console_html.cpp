#include "sync/collector/console/console_html.hpp"

#include "kiosk/export/summary_markup.hpp"

namespace standpoint::console {

namespace {

std::string nav_link(std::string_view href, std::string_view text, std::string_view section,
                     std::string_view current) {
    std::string html = "<li><a href=\"" + std::string(href) + "\"";
    if (section == current) html += " aria-current=\"page\"";
    return html + ">" + std::string(text) + "</a></li>";
}

}  // namespace

std::string page(std::string_view title, const std::optional<Viewer>& viewer,
                 std::string_view section, std::string_view main_html, bool with_script) {
    std::string html =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    html += escape_html(title);
    html += " - Standpoint collector</title>\n<link rel=\"stylesheet\" href=\"/console.css\">\n";
    if (with_script) html += "<script src=\"/console.js\" defer></script>\n";
    html +=
        "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to main content</a>\n"
        "<header class=\"top\"><div class=\"width\"><span class=\"brand\">Standpoint "
        "collector</span>";
    if (viewer) {
        html += "<nav aria-label=\"Console\"><ul>";
        html += nav_link("/events", "Events", "events", section);
        html += nav_link("/results", "Results", "results", section);
        if (viewer->role == Role::admin) {
            html += nav_link("/kiosks", "Kiosks", "kiosks", section);
            html += nav_link("/surveys", "Surveys", "surveys", section);
            html += nav_link("/imports", "Import", "imports", section);
            html += nav_link("/audit", "Audit log", "audit", section);
        }
        html += "</ul></nav><form class=\"signout\" method=\"post\" action=\"/logout\">" +
                csrf_field(viewer->csrf_token) + "<span>" + escape_html(viewer->name) + " (" +
                to_text(viewer->role) +
                ")</span> <button type=\"submit\" class=\"link\">Sign out</button></form>";
    }
    html += "</div></header>\n<main id=\"main\" class=\"width\" tabindex=\"-1\">\n<h1>";
    html += escape_html(title);
    html += "</h1>\n";
    html += main_html;
    html += "\n</main>\n</body>\n</html>\n";
    return html;
}

std::string csrf_field(std::string_view token) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape_html(token) + "\">";
}

std::string error_summary(std::string_view message) {
    if (message.empty()) return "";
    return "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>There is a "
           "problem</h2><p>" +
           escape_html(message) + "</p></div>";
}

std::string notice(std::string_view message) {
    if (message.empty()) return "";
    return "<div class=\"notice\" role=\"status\"><p>" + escape_html(message) + "</p></div>";
}

std::string url_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 15];
        }
    }
    return out;
}

// GOV.UK colours: text #0b0c0c on white (19.8:1), links #1d70b8 (5.2:1), focus #ffdd00 behind
// #0b0c0c, buttons #00703c with white text (6.1:1), errors #d4351c (4.5:1 on white as a border
// and heading colour), secondary text #505a5f (7.0:1).
const char* const console_css = R"css(
*, *::before, *::after { box-sizing: border-box; }
html { font-family: Arial, Helvetica, sans-serif; font-size: 100%; color: #0b0c0c; background: #fff; }
body { margin: 0; font-size: 1.1875rem; line-height: 1.4; }
.width { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
.skip { position: absolute; left: -9999px; }
.skip:focus { position: static; display: block; padding: 0.5rem 1rem; background: #ffdd00; color: #0b0c0c; }
.top { background: #0b0c0c; color: #fff; border-bottom: 0.6rem solid #1d70b8; padding: 0.6rem 0; }
.top .width { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; }
.brand { font-weight: bold; font-size: 1.4rem; }
.top nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
.top a, .top .link { color: #fff; font-weight: bold; }
.top a[aria-current="page"] { text-decoration-thickness: 0.25rem; }
.signout { margin-left: auto; }
a { color: #1d70b8; text-underline-offset: 0.15em; }
a:visited { color: #4c2c92; }
a:hover { color: #003078; text-decoration-thickness: 0.2rem; }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus,
main:focus-visible {
  outline: 3px solid #ffdd00; outline-offset: 0; background: #ffdd00; color: #0b0c0c;
  box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; text-decoration: none; }
input:focus, select:focus, textarea:focus { background: #fff; box-shadow: inset 0 0 0 2px #0b0c0c; }
main { padding-top: 1.5rem; padding-bottom: 3rem; }
main:focus { outline: none; background: none; box-shadow: none; }
h1 { font-size: 2.2rem; margin: 0 0 1.5rem; }
h2 { font-size: 1.6rem; margin: 2rem 0 1rem; }
h3 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
.hint { color: #505a5f; }
label { display: block; font-weight: bold; margin-bottom: 0.25rem; }
input[type=text], input[type=password], input[type=date], input[type=url], select, textarea {
  font: inherit; border: 2px solid #0b0c0c; padding: 0.3rem; min-height: 2.5rem; max-width: 100%; width: 20rem; }
input[type=file] { font: inherit; }
.field { margin-bottom: 1.25rem; }
.filters { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: flex-end; }
.filters .field select, .filters .field input { width: 14rem; }
button, .button { font: inherit; font-weight: normal; background: #00703c; color: #fff; border: 0;
  box-shadow: 0 2px 0 #002d18; padding: 0.45rem 0.8rem; cursor: pointer; margin-bottom: 1.25rem; display: inline-block; text-decoration: none; }
a.button, a.button:visited { color: #fff; }
button.secondary { background: #f3f2f1; color: #0b0c0c; box-shadow: 0 2px 0 #929191; }
.clock-warning { color: #d4351c; }
button.warning { background: #d4351c; box-shadow: 0 2px 0 #55150b; }
button.link { background: none; box-shadow: none; padding: 0; margin: 0; text-decoration: underline; }
.top button.link:focus { color: #0b0c0c; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
.table-wrap { overflow-x: auto; }
th, td { text-align: left; padding: 0.5rem 1rem 0.5rem 0; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
td.number, th.number { text-align: right; }
.error-summary { border: 5px solid #d4351c; padding: 1rem; margin-bottom: 1.5rem; }
.error-summary h2 { margin-top: 0; font-size: 1.4rem; }
.error-summary p, .notice p { white-space: pre-line; }  /* one problem a line */
.notice { border: 5px solid #00703c; padding: 1rem; margin-bottom: 1.5rem; }
.notice h2, .notice p:first-child { margin-top: 0; }
.token { font-family: monospace; font-size: 1.1rem; word-break: break-all; background: #f3f2f1; padding: 0.75rem; border-left: 5px solid #1d70b8; }
pre.token { white-space: pre-wrap; }  /* the set-up file wraps inside its box */
.report { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1rem; }
.answers { list-style: none; padding: 0; }
.answers li { border-left: 5px solid #b1b4b6; padding: 0.25rem 0.75rem; margin-bottom: 0.75rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.answers .when { display: block; color: #505a5f; font-size: 1rem; white-space: normal; }
/* The summary's charts (kiosk/export/summary_charts): black on white, every number as text. */
.chart { max-width: 34rem; font-size: 1rem; }
.chart svg { display: block; overflow: visible; max-width: 100%; height: auto; }
.bars { display: grid; grid-template-columns: minmax(22%, max-content) 1fr; gap: 0.2rem 0.6rem; align-items: center; }
svg text { font-family: Arial, Helvetica, sans-serif; font-size: 13px; fill: #0b0c0c; }
svg .count, svg .range-name { font-size: 12px; }
svg .fill { fill: #333; }
svg .hidden { fill: #fff; stroke: #0b0c0c; stroke-width: 1; stroke-dasharray: 2 1.5; }
svg .axis, svg .range { stroke: #0b0c0c; stroke-width: 1; fill: none; }
svg .face circle { fill: #fff; stroke: #0b0c0c; stroke-width: 1.1; }
svg .face circle.eye { fill: #0b0c0c; stroke: none; }
svg .face path { fill: none; stroke: #0b0c0c; stroke-width: 1.2; stroke-linecap: round; }
.ends { display: flex; justify-content: space-between; gap: 1rem; font-size: 1rem; }
.inline-form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; }
.inline-form .field, .inline-form button { margin-bottom: 0.5rem; }
.inline-form input[type=text] { width: 12rem; }
code { font-size: 1rem; }
@media print { .top, .filters, form, .downloads { display: none; } }
)css";

// Progressive enhancement: the events page works without it (reload to update). With it, every
// [data-live] count follows /api/counts once a second.
const char* const console_js = R"js(
(function () {
  'use strict';
  var cells = document.querySelectorAll('[data-live]');
  var status = document.getElementById('live-status');
  if (!cells.length) return;
  var format = function (n) { return Number(n).toLocaleString('en-GB'); };
  function show(counts) {
    var known = {};
    for (var i = 0; i < cells.length; i++) known[cells[i].getAttribute('data-live')] = true;
    var values = { total: counts.total };
    var unseen = false;
    counts.rows.forEach(function (row) {
      var e = 'event:' + row.event;
      values[e] = (values[e] || 0) + row.responses;
      values['kiosk:' + row.device_id + ':' + row.event] = row.responses;
      if (!known[e]) unseen = true;
    });
    for (var j = 0; j < cells.length; j++) {
      var value = format(values[cells[j].getAttribute('data-live')] || 0);
      if (cells[j].textContent !== value) cells[j].textContent = value;
    }
    if (status) {
      status.textContent = unseen ? 'Responses for a new event or kiosk have arrived: reload the page to see them.'
                                  : 'Counts update by themselves every second.';
    }
  }
  function poll() {
    fetch('/api/counts', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(show)
      .catch(function () { if (status) status.textContent = 'The live count is paused: the collector did not answer. Reload the page.'; });
  }
  setInterval(poll, 1000);
  poll();
})();
)js";

}  // namespace standpoint::console

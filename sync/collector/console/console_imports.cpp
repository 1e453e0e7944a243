#include "sync/collector/console/console_imports.hpp"

#include <filesystem>
#include <fstream>

#include "kiosk/export/summary_markup.hpp"
#include "sync/collector/console/console_http.hpp"
#include "sync/collector/import_command.hpp"
#include "sync/protocol/export_folder.hpp"

namespace standpoint::console {

namespace {

using httplib::Request;
using httplib::Response;

// The files of an export folder (docs/export.md); nothing else is written, whatever it is called.
bool is_export_file_name(const std::string& name) {
    for (const char* known : export_file::all) {
        if (name == known) return true;
    }
    return false;
}

std::string imports_page(const Viewer& viewer, const std::string& error,
                         const std::string& report) {
    std::string html = error_summary(error);
    if (!report.empty()) {
        html += "<div class=\"notice\" role=\"status\"><h2>Imported</h2><pre class=\"report\">" +
                escape_html(report) + "</pre></div>";
    }
    html +=
        "<p>A kiosk that never had a network brings its results on a USB stick. Choose every "
        "file of its export folder (<code>standpoint-&lt;event&gt;-&lt;date&gt;-&lt;kiosk&gt;"
        "</code>): the collector checks each against <code>manifest.json</code> before it "
        "stores anything, and a response it already has is counted once.</p>";
    html += "<form method=\"post\" action=\"/imports\" enctype=\"multipart/form-data\">" +
            csrf_field(viewer.csrf_token) +
            "<div class=\"field\"><label for=\"files\">The export folder's files</label>"
            "<p class=\"hint\" id=\"files-hint\">Every file of the folder, manifest.json and manifest.sig included. At most 8 MB "
            "in all; for a bigger export use <code>standpoint-collector import</code>.</p>"
            "<input type=\"file\" id=\"files\" name=\"files\" multiple required "
            "aria-describedby=\"files-hint\"></div>"
            "<div class=\"field\"><label for=\"add_device\">If the kiosk is not known here, "
            "register it as (optional)</label><input type=\"text\" id=\"add_device\" "
            "name=\"add_device\" maxlength=\"100\"></div>"
            "<button type=\"submit\">Import</button></form>";
    return page("Import a USB export", viewer, "imports", html);
}

std::string field(const Request& req, const char* name) {
    const auto found = req.files.find(name);
    return found == req.files.end() ? std::string() : found->second.content;
}

void handle_import(CollectorStore& store, const std::filesystem::path& collector_key_file,
                   const Request& req, Response& res) {
    if (!req.is_multipart_form_data()) {
        auto viewer = require(store, req, res, Role::admin);
        if (viewer)
            send_html(res, 400, imports_page(*viewer, "Choose the export's files to import.", ""));
        return;
    }
    auto viewer = require_form(store, req, res, Role::admin, field(req, "csrf"));
    if (!viewer) return;
    const std::string add_device = field(req, "add_device");
    if (add_device.size() > 100) {
        return send_html(res, 400,
                         imports_page(*viewer, "A kiosk name may have at most 100 bytes.", ""));
    }
    auto scratch_name = random_hex(8);
    if (!scratch_name) return store_failed(res, viewer, scratch_name.error());
    std::error_code ignored;
    const auto folder =
        std::filesystem::temp_directory_path(ignored) / ("standpoint-import-" + *scratch_name);
    std::filesystem::create_directories(folder, ignored);
    std::string error;
    int written = 0;
    const auto [first, last] = req.files.equal_range("files");
    for (auto part = first; part != last; ++part) {
        // Only the export's own plain names: "../x", "a/b" or anything else is refused by name,
        // so no upload can write outside the scratch folder or add a file the import would read.
        const std::string& name = part->second.filename;
        if (!is_export_file_name(name)) {
            error = "'" + name +
                    "' is not a file of a Standpoint export folder. Choose only the "
                    "folder's own files. Nothing was imported.";
            break;
        }
        std::ofstream out(folder / name, std::ios::binary | std::ios::trunc);
        out.write(part->second.content.data(),
                  static_cast<std::streamsize>(part->second.content.size()));
        if (!out.flush()) {
            error =
                "The collector could not keep the uploaded files for checking (is its "
                "temporary folder full?). Nothing was imported.";
            break;
        }
        ++written;
    }
    if (error.empty() && written == 0) error = "Choose the export's files to import.";
    if (!error.empty()) {
        std::filesystem::remove_all(folder, ignored);
        return send_html(res, 400, imports_page(*viewer, error, ""));
    }
    ImportOptions options;
    options.folder = folder;
    options.add_device_name = add_device;
    options.collector_key_file = collector_key_file;
    auto report = import_export_folder(store, options);
    std::filesystem::remove_all(folder, ignored);
    if (!report) {
        log_action(store, viewer->name, "import refused", report.error().message);
        return send_html(res, 400, imports_page(*viewer, report.error().message, ""));
    }
    const std::string text = describe_import(*report);
    log_action(store, viewer->name, "imported",
               report->manifest.device_id + ": created " + std::to_string(report->created) +
                   ", duplicate " + std::to_string(report->duplicate) + ", conflict " +
                   std::to_string(report->conflicts.size()) + ", rejected " +
                   std::to_string(report->rejected));
    send_html(res, 200, imports_page(*viewer, "", text));
}

}  // namespace

void install_import_routes(httplib::Server& server, CollectorStore& store,
                           std::filesystem::path collector_key_file) {
    server.Get("/imports", [&store](const Request& req, Response& res) {
        auto viewer = require(store, req, res, Role::admin);
        if (viewer) send_html(res, 200, imports_page(*viewer, "", ""));
    });
    server.Post("/imports", [&store, key = std::move(collector_key_file)](const Request& req,
                                                                          Response& res) {
        handle_import(store, key, req, res);
    });
}

}  // namespace standpoint::console

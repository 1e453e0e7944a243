#include "sync/client/http_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <utility>

#include "sync/protocol/http_surface.hpp"

namespace standpoint {

namespace {

constexpr std::size_t max_answer_bytes = 1024 * 1024;  // a reply is small; a portal page is cut

struct Capture {
    std::string body;
    bool from_collector = false;
    std::size_t max_body = max_answer_bytes;
    std::string signature;  // X-Standpoint-Signature (a survey delivery's)
    std::string batch_formats;   // X-Standpoint-Batch-Formats (a ping answer's)
    std::string missing_survey;  // X-Standpoint-Missing-Survey (a 409 to a batch/2)
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* capture = static_cast<Capture*>(user);
    const std::size_t bytes = size * count;
    if (capture->body.size() + bytes > capture->max_body) return 0;  // aborts: outcome unknown
    capture->body.append(data, bytes);
    return bytes;
}

std::string lower_case(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* capture = static_cast<Capture*>(user);
    const std::size_t bytes = size * count;
    const std::string lower = lower_case(std::string(data, bytes));
    // A new status line (after a 100 Continue) starts a new header set.
    if (lower.rfind("http/", 0) == 0) capture->from_collector = false;
    // The headers the kiosk reads a value from (names compared without case).
    const std::pair<std::string_view, std::string*> wanted[] = {
        {http_surface::signature_header, &capture->signature},
        {http_surface::batch_formats_header, &capture->batch_formats},
        {http_surface::missing_survey_header, &capture->missing_survey}};
    for (const auto& [header, into] : wanted) {
        const std::string prefix = lower_case(std::string(header)) + ":";
        if (lower.rfind(prefix, 0) != 0) continue;
        const std::string value = std::string(data, bytes).substr(prefix.size());
        const auto first = value.find_first_not_of(" \t");
        const auto last = value.find_last_not_of(" \t\r\n");
        *into = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
    }
    const std::string name = lower_case(std::string(http_surface::collector_header)) + ":";
    if (lower.rfind(name, 0) == 0) {
        std::string value = lower.substr(name.size());
        const auto first = value.find_first_not_of(" \t");
        value = first == std::string::npos ? std::string() : value.substr(first);
        // "standpoint" or "standpoint; epoch=...".
        constexpr std::string_view marker = http_surface::collector_marker;
        const std::size_t end = marker.size();
        capture->from_collector = value.rfind(marker, 0) == 0 &&
                                  (value.size() == end || value[end] == ';' || value[end] == '\r' ||
                                   value[end] == ' ' || value[end] == '\n');
    }
    return bytes;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* stopping = static_cast<const std::atomic<bool>*>(user);
    return stopping != nullptr && stopping->load() ? 1 : 0;
}

struct UrlPart {
    char* text = nullptr;
    ~UrlPart() { curl_free(text); }
};

bool has_part(CURLU* url, CURLUPart part) {
    UrlPart value;
    return curl_url_get(url, part, &value.text, 0) == CURLUE_OK && value.text != nullptr &&
           value.text[0] != '\0';
}

}  // namespace

Status check_endpoint(const std::string& endpoint, const std::string& where) {
    const std::string refused = "The sync endpoint \"" + endpoint + "\" in " + where + " ";
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), curl_url_cleanup);
    if (!url || curl_url_set(url.get(), CURLUPART_URL, endpoint.c_str(), 0) != CURLUE_OK) {
        return Error{refused + "is not a URL. Write it as https://collector.example.org."};
    }
    UrlPart scheme, host;
    curl_url_get(url.get(), CURLUPART_SCHEME, &scheme.text, 0);
    curl_url_get(url.get(), CURLUPART_HOST, &host.text, 0);
    const std::string scheme_text = scheme.text != nullptr ? scheme.text : "";
    std::string host_text = host.text != nullptr ? host.text : "";
    std::transform(host_text.begin(), host_text.end(), host_text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (has_part(url.get(), CURLUPART_USER) || has_part(url.get(), CURLUPART_PASSWORD)) {
        return Error{refused +
                     "has a user name or password in it (\"...@\"); the token is "
                     "sent as a header. Write only the address."};
    }
    if (has_part(url.get(), CURLUPART_QUERY) || has_part(url.get(), CURLUPART_FRAGMENT)) {
        return Error{refused + "has a query or fragment (\"?\" or \"#\"); write only the address."};
    }
    if (scheme_text == "https") return ok_status();
    const bool this_machine =
        host_text == "127.0.0.1" || host_text == "[::1]" || host_text == "localhost";
    if (scheme_text == "http" && this_machine) return ok_status();
    return Error{refused +
                 "must start with https:// (plain http only to 127.0.0.1, [::1] or "
                 "localhost; this one goes to " +
                 (host_text.empty() ? "no host" : host_text) + ")."};
}

class HttpTransport::Impl {
public:
    SyncConfig config;
    const std::atomic<bool>* stopping = nullptr;
    CURL* handle = nullptr;

    HttpAnswer perform(const std::string& url, const std::string* post_body,
                       const std::string& batch_id,
                       const std::vector<std::string>& extra_headers = {},
                       std::size_t max_body = max_answer_bytes) {
        HttpAnswer answer;
        if (handle == nullptr) {
            answer.exchange.transport_error = "libcurl could not start";
            return answer;
        }
        // The settings were checked when loaded; checked again here, where the token is sent.
        if (Status allowed = check_endpoint(config.endpoint, "the sync settings"); !allowed) {
            answer.exchange.transport_error = allowed.error().message;
            return answer;
        }
        curl_easy_reset(handle);  // keeps the connection cache, forgets last request's options
        Capture capture;
        capture.max_body = max_body;
        char error_buffer[CURL_ERROR_SIZE] = {};
        curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
        curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, config.connect_timeout_ms);
        curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, config.timeout_ms);
        curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, config.low_speed_limit_bytes_s);
        curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, config.low_speed_time_s);
        curl_easy_setopt(handle, CURLOPT_TCP_KEEPALIVE, 1L);
        // libcurl's default, said here: a batch's headers and body must not wait on Nagle.
        curl_easy_setopt(handle, CURLOPT_TCP_NODELAY, 1L);
        // Verification on, always: a captive portal or a MITM must look like "not connected".
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!config.ca_file.empty())
            curl_easy_setopt(handle, CURLOPT_CAINFO, config.ca_file.c_str());
        curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is a portal, not us
        curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
        curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(handle, CURLOPT_WRITEDATA, &capture);
        curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(handle, CURLOPT_HEADERDATA, &capture);
        curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(handle, CURLOPT_XFERINFODATA, stopping);
        curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);

        curl_slist* headers = nullptr;
        using namespace http_surface;
        const std::string authorization =
            header_line(authorization_header, std::string(bearer_prefix) + config.token);
        const std::string key = header_line(idempotency_key_header, batch_id);
        const std::string content_type = header_line(content_type_header, batch_content_type);
        const std::string encoding = header_line(content_encoding_header, batch_content_encoding);
        headers = curl_slist_append(headers, authorization.c_str());
        if (post_body != nullptr) {
            headers = curl_slist_append(headers, content_type.c_str());
            headers = curl_slist_append(headers, encoding.c_str());
            headers = curl_slist_append(headers, key.c_str());
            headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
            for (const std::string& header : extra_headers)
                headers = curl_slist_append(headers, header.c_str());
            curl_easy_setopt(handle, CURLOPT_POST, 1L);
            curl_easy_setopt(handle, CURLOPT_POSTFIELDS, post_body->data());
            curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(post_body->size()));
        } else {
            for (const std::string& header : extra_headers)
                headers = curl_slist_append(headers, header.c_str());
            curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
        }
        curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);

        const CURLcode rc = curl_easy_perform(handle);
        curl_slist_free_all(headers);
        // The token must not survive in the handle's options after the request.
        curl_easy_setopt(handle, CURLOPT_HTTPHEADER, nullptr);

        Exchange& exchange = answer.exchange;
        long status = 0;
        curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
        exchange.http_status = status;
        exchange.from_collector = capture.from_collector;
        exchange.transport_ok = rc == CURLE_OK;
        curl_off_t connect_us = 0;
        exchange.timed_out_connected =
            rc == CURLE_OPERATION_TIMEDOUT &&
            curl_easy_getinfo(handle, CURLINFO_CONNECT_TIME_T, &connect_us) == CURLE_OK &&
            connect_us > 0;
        if (rc != CURLE_OK) {
            exchange.transport_error = error_buffer[0] != '\0'
                                           ? std::string(error_buffer)
                                           : std::string(curl_easy_strerror(rc));
        }
        curl_off_t retry_after = -1;
        if (curl_easy_getinfo(handle, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
            retry_after > 0) {
            exchange.retry_after_s = static_cast<std::int64_t>(retry_after);
        }
        answer.body = std::move(capture.body);
        answer.signature = std::move(capture.signature);
        answer.batch_formats = std::move(capture.batch_formats);
        exchange.missing_survey = std::move(capture.missing_survey);
        return answer;
    }
};

HttpTransport::HttpTransport(const SyncConfig& config, const std::atomic<bool>* stopping)
    : impl_(std::make_unique<Impl>()) {
    sync_global_init();
    impl_->config = config;
    impl_->stopping = stopping;
    impl_->handle = curl_easy_init();
}

HttpTransport::~HttpTransport() {
    if (impl_->handle != nullptr) curl_easy_cleanup(impl_->handle);
}

HttpAnswer HttpTransport::post_batch(const std::string& device_id, const std::string& batch_id,
                                     const std::string& body_gz,
                                     const std::vector<std::string>& extra_headers) {
    return impl_->perform(impl_->config.endpoint + http_surface::batches_path(device_id), &body_gz,
                          batch_id, extra_headers);
}

HttpAnswer HttpTransport::health_check() {
    return impl_->perform(impl_->config.endpoint + std::string(http_surface::health_path), nullptr,
                          "");
}

HttpAnswer HttpTransport::ping() {
    return impl_->perform(impl_->config.endpoint + std::string(http_surface::ping_path), nullptr, "");
}

HttpAnswer HttpTransport::get(const std::string& path,
                              const std::vector<std::string>& extra_headers,
                              std::size_t max_body) {
    return impl_->perform(impl_->config.endpoint + path, nullptr, "", extra_headers, max_body);
}

void sync_global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace standpoint

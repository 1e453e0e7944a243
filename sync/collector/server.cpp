#include "sync/collector/server.hpp"

#include <httplib.h>

#include <cstdio>

#include "kiosk/core/sha256.hpp"
#include "sync/collector/batch_signature.hpp"
#include "sync/protocol/gzip.hpp"
#include "sync/protocol/signature.hpp"

namespace standpoint {

namespace {

void send_error(httplib::Response& res, int status, const std::string& reason) {
    res.status = status;
    res.set_content(encode_error(reason), "application/json");
}

std::string bearer_token(const httplib::Request& req) {
    const std::string header = req.get_header_value("Authorization");
    static constexpr std::string_view prefix = "Bearer ";
    if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return {};
    return header.substr(prefix.size());
}

void handle_batch(CollectorStore& store, const CollectorLimits& limits,
                  const httplib::Request& req, httplib::Response& res,
                  const httplib::ContentReader& content_reader) {
    const std::string device_id = req.matches[1];
    if (!is_uuid(device_id)) return send_error(res, 404, "unknown device path");

    // Authenticate before reading a byte of the body.
    const std::string token = bearer_token(req);
    if (token.empty()) return send_error(res, 401, "missing bearer token");
    auto device = store.device_for_token(sha256_hex(token));
    if (!device) return send_error(res, 503, "store unavailable");
    if (!device->has_value()) return send_error(res, 401, "unknown token");
    if ((*device)->device_id.empty()) {
        auto bound = store.bind_device(sha256_hex(token), device_id);
        if (!bound) return send_error(res, 503, "store unavailable");
        if (!*bound) return send_error(res, 403, "this device id belongs to another token");
    } else if ((*device)->device_id != device_id) {
        return send_error(res, 403, "the token belongs to another device");
    }

    if (req.get_header_value("Content-Encoding") != "gzip") {
        return send_error(res, 415, "the body must be sent with Content-Encoding: gzip");
    }
    if (req.has_header("Content-Length") &&
        std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) >
            limits.max_body_bytes) {
        return send_error(res, 413, "the body is larger than the collector accepts");
    }

    // cpp-httplib (built with zlib) inflates gzip bodies before they reach this reader, so the
    // bomb limit is kept here, chunk by chunk, and reading stops the moment it is passed.
    std::string body;
    bool too_large = false;
    const bool read = content_reader([&](const char* data, std::size_t length) {
        if (body.size() + length > limits.max_inflated_bytes) {
            too_large = true;
            return false;
        }
        body.append(data, length);
        return true;
    });
    if (too_large) return send_error(res, 413, "the body inflates to more than the collector accepts");
    if (!read) return send_error(res, 400, "the body could not be read or is not valid gzip");
    // Should a build of cpp-httplib without zlib hand over the raw bytes, inflate them here.
    if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
        static_cast<unsigned char>(body[1]) == 0x8b) {
        GunzipFailure failure = GunzipFailure::none;
        auto inflated = gzip_decompress(body, limits.max_inflated_bytes, &failure);
        if (!inflated) {
            return send_error(res, failure == GunzipFailure::too_large ? 413 : 400,
                              inflated.error().message);
        }
        body = std::move(inflated).value();
    }

    // Before a byte is decoded or stored: the body must be signed by the device's key.
    if (auto refused = check_batch_signature(store, device_id,
                                             req.get_header_value(signature_key_header),
                                             req.get_header_value(signature_header), body)) {
        return send_error(res, refused->http_status, refused->reason);
    }
    auto batch = decode_batch(body);
    if (!batch) return send_error(res, 400, batch.error().message);
    if (batch->device_id != device_id) {
        return send_error(res, 422, "the body's device_id differs from the URL's");
    }
    if (req.get_header_value("Idempotency-Key") != batch->batch_id) {
        return send_error(res, 422, "Idempotency-Key must equal the batch_id");
    }
    auto reply = store.store_batch(*batch);
    if (!reply) {
        std::fprintf(stderr, "standpoint-collector: batch %s not stored: %s\n",
                     batch->batch_id.c_str(), reply.error().message.c_str());
        return send_error(res, 503, "the batch could not be stored; retry later");
    }
    res.status = 200;
    res.set_content(encode_reply(*reply), "application/json");
}

}  // namespace

void install_collector_routes(httplib::Server& server, CollectorStore& store,
                              const CollectorLimits& limits) {
    server.set_default_headers({{"X-Collector", "standpoint; epoch=" + store.epoch()}});
    server.set_payload_max_length(limits.max_body_bytes);
    server.set_read_timeout(30, 0);
    server.set_write_timeout(30, 0);

    auto ping = [](const httplib::Request&, httplib::Response& res) { res.status = 204; };
    server.Get("/v1/ping", ping);
    server.Get("/v1/health", ping);
    server.Post(R"(/v1/kiosks/([^/]+)/batches)",
                [&store, limits](const httplib::Request& req, httplib::Response& res,
                                 const httplib::ContentReader& content_reader) {
                    handle_batch(store, limits, req, res, content_reader);
                });
    // httplib's own refusals (404, 413 on Content-Length, 400 on a broken request) get a JSON
    // reason too; the default headers already carry X-Collector.
    server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) {
            res.set_content(encode_error("HTTP " + std::to_string(res.status)),
                            "application/json");
        }
    });
    server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            send_error(res, 500, "internal error");
        });
}

}  // namespace standpoint

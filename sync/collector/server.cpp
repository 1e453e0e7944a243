// Sections: [connections] the server class that wraps every accepted socket in the limits;
// [batch] the batch POST; [setup] make_collector_server.
#include "sync/collector/server.hpp"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "kiosk/core/sha256.hpp"
#include "sync/collector/batch_signature.hpp"
#include "sync/collector/connection_gate.hpp"
#include "sync/collector/device_auth.hpp"
#include "sync/collector/request_headers.hpp"
#include "sync/protocol/gzip.hpp"
#include "sync/protocol/http_surface.hpp"
#include "sync/protocol/signature.hpp"

namespace standpoint {

namespace {

// ---- [connections] ------------------------------------------------------------------------

// After the answer: stop writing, then read what the client still sends for a moment before
// closing, so the answer is not lost to a reset (a refused upload is still arriving).
void lingering_close(int fd) {
    ::shutdown(fd, SHUT_WR);
    char sink[16 * 1024];
    std::size_t drained = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    while (drained < 1024u * 1024u) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        pollfd one{fd, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&one, 1, static_cast<int>(left.count())) <= 0) break;
        const ssize_t n = ::recv(fd, sink, sizeof sink, 0);
        if (n <= 0) break;
        drained += static_cast<std::size_t>(n);
    }
    ::close(fd);
}

// cpp-httplib's task queue, but with threads started as connections need them (up to `max`) and
// kept for the next ones: a collector at rest holds a few threads, not one per allowed connection.
class GrowingThreadPool final : public httplib::TaskQueue {
public:
    explicit GrowingThreadPool(std::size_t max) : max_(max) {}
    ~GrowingThreadPool() override { shutdown(); }

    void enqueue(std::function<void()> job) override {
        {
            std::lock_guard lock(mutex_);
            jobs_.push_back(std::move(job));
            if (idle_ < jobs_.size() && threads_.size() < max_) {
                threads_.emplace_back([this] { work(); });
            }
        }
        ready_.notify_one();
    }

    void shutdown() override {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            stopping_ = true;
        }
        ready_.notify_all();
        for (std::thread& thread : threads_) thread.join();
    }

private:
    void work() {
        std::unique_lock lock(mutex_);
        for (;;) {
            ++idle_;
            ready_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
            --idle_;
            if (jobs_.empty()) return;  // stopping, and nothing left to finish
            auto job = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            job();
            lock.lock();
        }
    }

    const std::size_t max_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    std::size_t idle_ = 0;
    bool stopping_ = false;
};

// cpp-httplib's Server with every accepted connection read through GuardedSocketStream, counted
// by ConnectionGate, and answered once (no keep-alive: a kiosk sends one batch at a time, and a
// connection that ends after its answer cannot be held open by an idle client).
// How long a refused client waits before trying again (Retry-After, in seconds).
constexpr std::string_view retry_after_seconds = "5";

class CollectorServer final : public httplib::Server {
    static constexpr int listen_backlog = 512;
    std::atomic<int> listening_socket_{-1};

public:
    CollectorServer(const CollectorLimits& limits, std::string marker_header)
        : limits_(limits),
          marker_header_(std::move(marker_header)),
          gate_(limits.max_connections, limits.max_connections_per_address) {
        // One thread per connection served, and a few more, so a connection over the limits is
        // answered at once instead of waiting in the queue behind slow ones.
        const std::size_t threads = limits.max_connections + 8;
        // cpp-httplib listens with a backlog of 5: under load, connections past it wait for SYN
        // retries (1 s, 3 s, ...) before the gate can even refuse them. The socket is caught as
        // it is made and its backlog widened once it listens (new_task_queue runs right after).
        set_socket_options([this](socket_t sock) {
            httplib::default_socket_options(sock);
            listening_socket_ = sock;
        });
        new_task_queue = [this, threads] {
            if (listening_socket_ >= 0) ::listen(listening_socket_, listen_backlog);
            return new GrowingThreadPool(threads);
        };
    }

private:
    bool process_and_close_socket(int sock) override {
        // cpp-httplib writes the answer's headers and body in two sends; with Nagle on, the body
        // waited for the kiosk's delayed ACK of the headers (~40 ms per batch on loopback).
        const int on = 1;
        ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        const std::string address = peer_ip(sock);
        const auto admission = gate_.admit(address);
        if (admission != ConnectionGate::Admission::admitted) {
            write_refusal(sock, 503, "Service Unavailable", marker_header_,
                          encode_error(admission == ConnectionGate::Admission::server_full
                                           ? "the collector is serving too many connections"
                                           : "too many connections from this address"),
                          retry_after_line_.c_str());
            lingering_close(sock);
            return true;
        }
        struct Admitted {  // released however the request ends
            ConnectionGate& gate;
            const std::string& address;
            ~Admitted() { gate.release(address); }
        };
        bool ok = false;
        {
            const Admitted admitted{gate_, address};
            GuardedSocketStream stream(sock, limits_.stream, marker_header_);
            bool connection_closed = false;
            ok = process_request(stream, true, connection_closed, [&stream](httplib::Request& req) {
                stream.begin_body();
                hide_content_encoding(req);
            });
        }
        lingering_close(sock);
        return ok;
    }

    static void hide_content_encoding(httplib::Request& req) {
        req.headers.erase(received_content_encoding_header);
        const auto found = req.headers.find(std::string(http_surface::content_encoding_header));
        if (found == req.headers.end()) return;
        const std::string encoding = found->second;
        req.headers.erase(std::string(http_surface::content_encoding_header));
        req.headers.emplace(received_content_encoding_header, encoding);
    }

    CollectorLimits limits_;
    std::string marker_header_;
    const std::string retry_after_line_ =
        http_surface::header_line(http_surface::retry_after_header, retry_after_seconds) + "\r\n";
    ConnectionGate gate_;
};

// At most `count` holders at once; a caller waits up to a limit for its turn.
class Slots {
public:
    explicit Slots(std::size_t count) : free_(count) {}
    bool acquire(std::chrono::milliseconds wait) {
        std::unique_lock lock(mutex_);
        if (!freed_.wait_for(lock, wait, [&] { return free_ > 0; })) return false;
        --free_;
        return true;
    }
    void release() {
        {
            std::lock_guard lock(mutex_);
            ++free_;
        }
        freed_.notify_one();
    }

private:
    std::mutex mutex_;
    std::condition_variable freed_;
    std::size_t free_;
};

// ---- [batch] ------------------------------------------------------------------------------

void send_error(httplib::Response& res, int status, const std::string& reason) {
    res.status = status;
    res.set_content(encode_error(reason), "application/json");
}

struct BatchRoute {
    BatchRoute(CollectorStore& s, const CollectorLimits& l)
        : store(s), limits(l), slots(l.batch_slots) {}
    CollectorStore& store;
    CollectorLimits limits;
    Slots slots;
};

void handle_batch(BatchRoute& route, const httplib::Request& req, httplib::Response& res,
                  const httplib::ContentReader& content_reader) {
    const CollectorLimits& limits = route.limits;
    const std::string device_id = req.matches[1];
    if (!is_uuid(device_id)) return send_error(res, 404, "unknown device path");

    // Authenticate before reading a byte of the body.
    if (auto refused = authenticate_device(route.store, req, device_id)) {
        return send_error(res, refused->http_status, refused->reason);
    }

    if (req.get_header_value(received_content_encoding_header) !=
        http_surface::batch_content_encoding) {
        return send_error(res, 415, "the body must be sent with Content-Encoding: gzip");
    }
    // The size is known before the body is read: chunked uploads are refused, not counted.
    if (req.has_header("Transfer-Encoding") || !req.has_header("Content-Length")) {
        return send_error(res, 411, "the body must be sent with a Content-Length (not chunked)");
    }
    if (std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) >
        limits.max_body_bytes) {
        return send_error(res, 413, "the body is larger than the collector accepts");
    }

    // Memory: only batch_slots bodies are inflated and decoded at once.
    if (!route.slots.acquire(limits.batch_slot_wait)) {
        res.set_header(std::string(http_surface::retry_after_header),
                       std::string(retry_after_seconds));
        return send_error(res, 503, "the collector is busy with other batches; retry later");
    }
    struct Release {
        Slots& slots;
        ~Release() { slots.release(); }
    } release{route.slots};

    // Inflated as it arrives: the compressed bytes are never held, the output is capped.
    GzipInflater inflater(limits.max_inflated_bytes);
    const bool read = content_reader([&](const char* data, std::size_t length) {
        return inflater.feed(std::string_view(data, length));
    });
    if (inflater.failure() == GunzipFailure::too_large) {
        return send_error(res, 413, "the body inflates to more than the collector accepts");
    }
    if (inflater.failure() == GunzipFailure::corrupt) {
        return send_error(res, 400, inflater.finish().error().message);
    }
    if (!read) return send_error(res, 400, "the body could not be read to its end");
    auto body = inflater.finish();
    if (!body) return send_error(res, 400, body.error().message);

    // Before a byte is decoded or stored: the body must be signed by the device's key.
    if (auto refused = check_batch_signature(
            route.store, device_id,
            header_value(req, http_surface::signature_key_header),
            header_value(req, http_surface::signature_header), *body)) {
        return send_error(res, refused->http_status, refused->reason);
    }

    // One bounded parse: decode_batch counts the shape limits while it builds the value.
    auto batch = decode_batch(*body);
    body = std::string();
    if (!batch) return send_error(res, 400, batch.error().message);
    if (batch->device_id != device_id) {
        return send_error(res, 422, "the body's device_id differs from the URL's");
    }
    if (header_value(req, http_surface::idempotency_key_header) !=
        batch->batch_id) {
        return send_error(res, 422, "Idempotency-Key must equal the batch_id");
    }
    if (batch->format_version == 2) {
        // batch/2 sends a survey's definition only until the collector acknowledged it: a
        // collector that lacks one (its database replaced) asks for it instead of storing answers
        // it cannot label.
        auto missing = route.store.surveys_missing(*batch);
        if (!missing) return send_error(res, 503, "the batch could not be checked; retry later");
        if (!missing->empty()) {
            res.set_header(std::string(http_surface::missing_survey_header), missing->front());
            return send_error(res, 409,
                              "the collector does not hold survey " + missing->front() +
                                  "; send the batch again with its definition");
        }
    }
    auto reply = route.store.store_batch(*batch);
    if (!reply) {
        std::fprintf(stderr, "standpoint-collector: batch %s not stored: %s\n",
                     batch->batch_id.c_str(), reply.error().message.c_str());
        return send_error(res, 503, "the batch could not be stored; retry later");
    }
    res.status = 200;
    res.set_content(encode_reply(*reply), "application/json");
}

}  // namespace

// ---- [setup] ------------------------------------------------------------------------------

std::unique_ptr<httplib::Server> make_collector_server(CollectorStore& store,
                                                       const CollectorLimits& limits) {
    const std::string marker =
        std::string(http_surface::collector_marker) + "; epoch=" + store.epoch();
    const std::string marker_name(http_surface::collector_header);
    auto server = std::make_unique<CollectorServer>(
        limits, http_surface::header_line(marker_name, marker) + "\r\n");
    server->set_default_headers({{marker_name, marker}});
    server->set_payload_max_length(limits.max_body_bytes);
    // A client that asks before sending (Expect: 100-continue) learns of a body that is too
    // large before it sends a byte of it: answering 413 after "100 Continue" would close the
    // connection on unread data, and the reset can swallow the answer.
    server->set_expect_100_continue_handler(
        [max = limits.max_body_bytes](const httplib::Request& req, httplib::Response& res) {
            const std::string length = req.get_header_value("Content-Length");
            if (!length.empty() && std::strtoull(length.c_str(), nullptr, 10) > max) {
                send_error(res, 413, "the body is larger than the collector accepts");
                return 413;
            }
            return 100;
        });
    server->set_read_timeout(
        std::chrono::duration_cast<std::chrono::seconds>(limits.stream.idle_timeout).count(), 0);
    server->set_write_timeout(
        std::chrono::duration_cast<std::chrono::seconds>(limits.stream.write_timeout).count(), 0);

    auto ping = [](const httplib::Request&, httplib::Response& res) {
        res.status = 204;
        res.set_header(std::string(http_surface::batch_formats_header),
                       std::string(accepted_batch_formats));
    };
    server->Get(std::string(http_surface::ping_path), ping);
    server->Get(std::string(http_surface::health_path), ping);
    auto route = std::make_shared<BatchRoute>(store, limits);
    server->Post(std::string(http_surface::batches_route),
                 [route](const httplib::Request& req, httplib::Response& res,
                         const httplib::ContentReader& content_reader) {
                     handle_batch(*route, req, res, content_reader);
                 });
    // httplib's own refusals (404, 413 on Content-Length, 400 on a broken request) get a JSON
    // reason too; the default headers already carry X-Collector.
    server->set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) {
            res.set_content(encode_error("HTTP " + std::to_string(res.status)), "application/json");
        }
    });
    server->set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            send_error(res, 500, "internal error");
        });
    return server;
}

}  // namespace standpoint

// libFuzzer target for what the collector decodes from a request before anything is stored:
// the request head through GuardedSocketStream and cpp-httplib's parser, the gzip body through
// GzipInflater, the JSON through check_json_limits and decode_batch. None may crash, hang, leak
// or pass its limits. Build and run: scripts/fuzz-collector (docs/collector.md "Fuzzing").
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <httplib.h>

#include "sync/collector/guarded_stream.hpp"
#include "sync/protocol/json_limits.hpp"
#include "sync/protocol/batch.hpp"
#include "sync/protocol/gzip.hpp"

namespace {

constexpr std::size_t max_inflated = 1u << 20;

// process_request is protected: this subclass lets the fuzzer call it on a socket pair.
class HeadParser final : public httplib::Server {
public:
    HeadParser() {
        Post(".*", [](const httplib::Request&, httplib::Response& res,
                      const httplib::ContentReader& reader) {
            standpoint::GzipInflater inflater(max_inflated);
            reader([&](const char* data, std::size_t size) {
                return inflater.feed(std::string_view(data, size));
            });
            if (inflater.output_bytes() > max_inflated) __builtin_trap();
            res.status = 204;
        });
    }
    void parse(int fd) {
        standpoint::StreamLimits limits;
        limits.max_body_bytes = 64u * 1024u;
        limits.head_timeout = std::chrono::milliseconds(200);
        limits.body_timeout = std::chrono::milliseconds(200);
        limits.idle_timeout = std::chrono::milliseconds(50);
        standpoint::GuardedSocketStream stream(fd, limits, "X-Collector: fuzz\r\n");
        bool closed = false;
        process_request(stream, true, closed, [&](httplib::Request&) { stream.begin_body(); });
    }
};

void fuzz_head(std::string_view bytes) {
    static HeadParser parser;
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return;
    // The input, then the end: the stream sees exactly these bytes and then a closed peer.
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(pair[1], bytes.data() + sent, bytes.size() - sent,
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    ::shutdown(pair[1], SHUT_WR);
    parser.parse(pair[0]);
    ::close(pair[0]);
    ::close(pair[1]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // The first byte picks the layer, so each is reached from small inputs.
    if (bytes.empty()) return 0;
    const std::string_view rest = bytes.substr(1);
    switch (static_cast<unsigned char>(bytes[0]) % 3) {
        case 0:
            fuzz_head(rest);
            break;
        case 1: {
            standpoint::GzipInflater inflater(max_inflated);
            // Fed in two pieces, as a body arrives.
            inflater.feed(rest.substr(0, rest.size() / 2));
            inflater.feed(rest.substr(rest.size() / 2));
            auto inflated = inflater.finish();
            if (inflated && inflated->size() > max_inflated) __builtin_trap();
            if (inflated && standpoint::check_json_limits(*inflated, standpoint::batch_json_limits(),
                                                          "The batch")) {
                (void)standpoint::decode_batch(*inflated);
            }
            break;
        }
        default:
            if (standpoint::check_json_limits(rest, standpoint::batch_json_limits(), "The batch")) {
                (void)standpoint::decode_batch(rest);
            }
            break;
    }
    return 0;
}

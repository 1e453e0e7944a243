// The collector's connection as cpp-httplib reads and writes it (httplib::Stream), with the
// limits cpp-httplib itself does not keep: the request head (request line and headers) must
// arrive within a size, a line count and a time; the body within a size (chunked framing
// included) and a time; no wait for a byte is longer than the idle timeout. A head over its
// limits is answered here (431, 408) and the connection then reads as closed, so cpp-httplib
// never holds more of it than the limit.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace standpoint {

struct StreamLimits {
    std::size_t max_head_bytes = 64u * 1024u;
    std::size_t max_header_lines = 100;
    std::chrono::milliseconds head_timeout{10'000};   // from the connection's start
    std::size_t max_body_bytes = 9u * 1024u * 1024u;  // bytes on the wire after the head
    std::chrono::milliseconds body_timeout{60'000};   // from the end of the head
    std::chrono::milliseconds idle_timeout{10'000};   // longest wait for the next byte
    std::chrono::milliseconds write_timeout{30'000};
};

class GuardedSocketStream final : public httplib::Stream {
public:
    // `marker_header`: a complete header line ("X-Collector: ...\r\n") for the answers this
    // stream writes itself.
    GuardedSocketStream(int fd, const StreamLimits& limits, std::string marker_header);

    enum class Refusal {
        none,
        head_too_large,
        too_many_headers,
        head_too_slow,
        body_too_large,
        body_too_slow
    };

    // cpp-httplib parsed the head: from here on bytes count against the body's limits.
    void begin_body();
    Refusal refusal() const { return refusal_; }

    bool is_readable() const override;
    bool is_writable() const override;
    ssize_t read(char* ptr, std::size_t size) override;
    ssize_t write(const char* ptr, std::size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    int socket() const override { return fd_; }  // cpp-httplib's socket_t on POSIX

private:
    using Clock = std::chrono::steady_clock;
    bool fill();  // waits (within the limits) for more bytes; false: closed, failed or refused
    void refuse(Refusal why);

    int fd_;
    StreamLimits limits_;
    std::string marker_header_;
    bool in_body_ = false;
    Clock::time_point phase_deadline_;
    std::size_t head_bytes_ = 0;
    std::size_t header_lines_ = 0;
    std::size_t body_bytes_ = 0;
    Refusal refusal_ = Refusal::none;
    bool answered_ = false;  // a refusal was written: cpp-httplib's own answer is dropped
    char buffer_[4096];
    std::size_t position_ = 0;
    std::size_t filled_ = 0;
};

// The client's address ("127.0.0.1", "::1"); empty if the socket has none.
std::string peer_ip(int fd);

// Writes a whole small answer (status line, the marker, a JSON error) without waiting long.
void write_refusal(int fd, int status, const char* reason_phrase, const std::string& marker_header,
                   const std::string& json_body, const char* extra_headers = "");

}  // namespace standpoint

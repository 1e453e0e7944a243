#include "sync/collector/guarded_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "sync/protocol/batch.hpp"

namespace standpoint {

namespace {

// Waits until `fd` is ready for `events`, at most `timeout`. False on timeout or error.
bool wait_for(int fd, short events, std::chrono::milliseconds timeout) {
    pollfd one{fd, events, 0};
    const auto ms = static_cast<int>(std::max<std::int64_t>(0, timeout.count()));
    for (;;) {
        const int ready = ::poll(&one, 1, ms);
        if (ready < 0 && errno == EINTR) continue;
        return ready > 0;
    }
}

void address_of(int fd, bool peer, std::string& ip, int& port) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    auto* raw = reinterpret_cast<sockaddr*>(&address);
    const int got = peer ? ::getpeername(fd, raw, &length) : ::getsockname(fd, raw, &length);
    ip.clear();
    port = 0;
    if (got != 0) return;
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
        ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
        port = ntohs(v4->sin_port);
    } else if (address.ss_family == AF_INET6) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
        ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
        port = ntohs(v6->sin6_port);
    }
    ip = text;
}

}  // namespace

std::string peer_ip(int fd) {
    std::string ip;
    int port = 0;
    address_of(fd, true, ip, port);
    return ip;
}

void write_refusal(int fd, int status, const char* reason_phrase, const std::string& marker_header,
                   const std::string& json_body, const char* extra_headers) {
    const std::string answer =
        "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase + "\r\n" + marker_header +
        extra_headers +
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(json_body.size()) +
        "\r\nConnection: close\r\n\r\n" + json_body;
    std::size_t sent = 0;
    while (sent < answer.size() && wait_for(fd, POLLOUT, std::chrono::milliseconds(1000))) {
        const ssize_t n = ::send(fd, answer.data() + sent, answer.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            return;
        }
        sent += static_cast<std::size_t>(n);
    }
}

GuardedSocketStream::GuardedSocketStream(int fd, const StreamLimits& limits,
                                         std::string marker_header)
    : fd_(fd),
      limits_(limits),
      marker_header_(std::move(marker_header)),
      phase_deadline_(Clock::now() + limits.head_timeout) {}

void GuardedSocketStream::begin_body() {
    in_body_ = true;
    phase_deadline_ = Clock::now() + limits_.body_timeout;
}

void GuardedSocketStream::refuse(Refusal why) {
    if (refusal_ != Refusal::none) return;
    refusal_ = why;
    // A body refused part-way is answered by the route's handler (its read fails); a head has
    // no handler yet, so the answer is written here.
    switch (why) {
        case Refusal::head_too_large:
            write_refusal(fd_, 431, "Request Header Fields Too Large", marker_header_,
                          encode_error("the request head is larger than the collector accepts"));
            answered_ = true;
            break;
        case Refusal::too_many_headers:
            write_refusal(fd_, 431, "Request Header Fields Too Large", marker_header_,
                          encode_error("the request has more header lines than the collector "
                                       "accepts"));
            answered_ = true;
            break;
        case Refusal::head_too_slow:
            write_refusal(fd_, 408, "Request Timeout", marker_header_,
                          encode_error("the request head did not arrive in time"));
            answered_ = true;
            break;
        case Refusal::body_too_large:
            write_refusal(fd_, 413, "Payload Too Large", marker_header_,
                          encode_error("the body is larger than the collector accepts"));
            answered_ = true;
            break;
        case Refusal::body_too_slow:
        case Refusal::none:
            break;
    }
}

bool GuardedSocketStream::fill() {
    if (refusal_ != Refusal::none) return false;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(phase_deadline_ - Clock::now());
    if (left.count() <= 0) {
        refuse(in_body_ ? Refusal::body_too_slow : Refusal::head_too_slow);
        return false;
    }
    if (!wait_for(fd_, POLLIN, std::min(left, limits_.idle_timeout))) {
        refuse(in_body_ ? Refusal::body_too_slow : Refusal::head_too_slow);
        return false;
    }
    for (;;) {
        const ssize_t n = ::recv(fd_, buffer_, sizeof buffer_, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        position_ = 0;
        filled_ = static_cast<std::size_t>(n);
        return true;
    }
}

ssize_t GuardedSocketStream::read(char* ptr, std::size_t size) {
    if (size == 0) return 0;
    if (position_ == filled_ && !fill()) return -1;
    std::size_t take = std::min(size, filled_ - position_);
    if (!in_body_) {
        // The head: counted byte by byte against its limits (cpp-httplib reads it a byte at a
        // time, so nothing past a limit is ever handed over).
        if (head_bytes_ + take > limits_.max_head_bytes) {
            refuse(Refusal::head_too_large);
            return -1;
        }
        for (std::size_t i = 0; i < take; ++i) {
            if (buffer_[position_ + i] == '\n' && ++header_lines_ > limits_.max_header_lines + 1) {
                refuse(Refusal::too_many_headers);
                return -1;
            }
        }
        head_bytes_ += take;
    } else {
        if (body_bytes_ + take > limits_.max_body_bytes) {
            refuse(Refusal::body_too_large);
            return -1;
        }
        body_bytes_ += take;
    }
    std::memcpy(ptr, buffer_ + position_, take);
    position_ += take;
    return static_cast<ssize_t>(take);
}

bool GuardedSocketStream::is_readable() const {
    return position_ < filled_ || wait_for(fd_, POLLIN, limits_.idle_timeout);
}

bool GuardedSocketStream::is_writable() const {
    return wait_for(fd_, POLLOUT, limits_.write_timeout);
}

ssize_t GuardedSocketStream::write(const char* ptr, std::size_t size) {
    if (answered_) return static_cast<ssize_t>(size);  // the refusal already went out
    std::size_t sent = 0;
    while (sent < size) {
        if (!wait_for(fd_, POLLOUT, limits_.write_timeout)) return -1;
        const ssize_t n = ::send(fd_, ptr + sent, size - sent, MSG_NOSIGNAL);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) return -1;
        sent += static_cast<std::size_t>(n);
    }
    return static_cast<ssize_t>(size);
}

void GuardedSocketStream::get_remote_ip_and_port(std::string& ip, int& port) const {
    address_of(fd_, true, ip, port);
}

void GuardedSocketStream::get_local_ip_and_port(std::string& ip, int& port) const {
    address_of(fd_, false, ip, port);
}

}  // namespace standpoint

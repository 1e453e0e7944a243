#include "tests/sync/fault_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace standpoint::test {

namespace {

int listen_on_loopback(int* port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(fd, 64) != 0)
        throw std::runtime_error("cannot listen on 127.0.0.1");
    socklen_t size = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    *port = ntohs(address.sin_port);
    return fd;
}

int connect_loopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

void reset_and_close(int fd) {
    const linger hard{1, 0};  // close sends RST, not FIN
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    ::close(fd);
}

bool wait_readable(int fd, int timeout_ms) {
    pollfd one{fd, POLLIN, 0};
    return ::poll(&one, 1, timeout_ms) > 0;
}

// Reads one HTTP request (headers and Content-Length body). Empty when the peer went away.
std::string read_request(int fd) {
    std::string data;
    char buffer[65536];
    std::size_t needed = std::string::npos;
    for (;;) {
        if (needed != std::string::npos && data.size() >= needed) return data;
        if (!wait_readable(fd, 5000)) return {};
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) return {};
        data.append(buffer, static_cast<std::size_t>(got));
        const auto end = data.find("\r\n\r\n");
        if (needed == std::string::npos && end != std::string::npos) {
            std::size_t length = 0;
            std::string lower = data.substr(0, end);
            for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (const auto at = lower.find("content-length:"); at != std::string::npos)
                length = std::strtoul(lower.c_str() + at + 15, nullptr, 10);
            needed = end + 4 + length;
        }
    }
}

void write_all(int fd, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return;
        sent += static_cast<std::size_t>(n);
    }
}

}  // namespace

FaultProxy::FaultProxy(int upstream_port) : upstream_port_(upstream_port) {
    listener_ = listen_on_loopback(&port_);
    acceptor_ = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
    stopping_ = true;
    acceptor_.join();
    for (auto& worker : workers_) worker.join();
    ::close(listener_);
}

void FaultProxy::set_fault(Fault fault, std::string canned_answer) {
    const std::lock_guard lock(mutex_);
    fault_ = fault;
    canned_ = std::move(canned_answer);
    ++generation_;  // connections kept alive under the old fault close
}

void FaultProxy::accept_loop() {
    while (!stopping_) {
        if (!wait_readable(listener_, 50)) continue;
        const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        ++connections_;
        workers_.emplace_back([this, client] { serve(client); });
    }
}

void FaultProxy::serve(int client) {
    Fault fault;
    std::string canned;
    {
        const std::lock_guard lock(mutex_);
        fault = fault_;
        canned = canned_;
    }
    const int generation = generation_.load();
    switch (fault) {
        case Fault::reset_before: reset_and_close(client); return;
        case Fault::stall: {
            read_request(client);
            while (!stopping_ && generation == generation_.load() &&
                   !wait_readable(client, 50)) {
            }
            ::close(client);
            return;
        }
        case Fault::canned: {
            if (!read_request(client).empty()) write_all(client, canned);
            ::shutdown(client, SHUT_WR);
            wait_readable(client, 500);
            ::close(client);
            return;
        }
        case Fault::reset_after_commit: {
            const std::string request = read_request(client);
            const int upstream = connect_loopback(upstream_port_);
            if (upstream >= 0 && !request.empty()) {
                write_all(upstream, request);
                // The collector answers only after it committed: its first byte is the proof.
                wait_readable(upstream, 10000);
                ::close(upstream);
            }
            reset_and_close(client);
            return;
        }
        case Fault::none: break;
    }
    const int upstream = connect_loopback(upstream_port_);
    if (upstream < 0) {
        reset_and_close(client);
        return;
    }
    char buffer[65536];
    while (!stopping_ && generation == generation_.load()) {
        pollfd both[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
        if (::poll(both, 2, 50) <= 0) continue;
        bool is_closed = false;
        for (int side = 0; side < 2; ++side) {
            if ((both[side].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
            const ssize_t got = ::recv(both[side].fd, buffer, sizeof buffer, 0);
            if (got <= 0) {
                is_closed = true;
                break;
            }
            write_all(both[1 - side].fd, std::string(buffer, static_cast<std::size_t>(got)));
        }
        if (is_closed) break;
    }
    ::close(upstream);
    ::close(client);
}

// ---- the collector as a child process ----

std::string run_capture(const std::vector<std::string>& argv, int* status) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    std::string text;
    if (rc == 0) {
        char buffer[4096];
        ssize_t got = 0;
        while ((got = ::read(out[0], buffer, sizeof buffer)) > 0)
            text.append(buffer, static_cast<std::size_t>(got));
        int wait_status = 0;
        ::waitpid(pid, &wait_status, 0);
        if (status != nullptr) *status = wait_status;
    }
    ::close(out[0]);
    return text;
}

int free_port() {
    int port = 0;
    const int fd = listen_on_loopback(&port);
    ::close(fd);
    return port;
}

CollectorProcess::CollectorProcess(const std::filesystem::path& binary,
                                   const std::filesystem::path& dir)
    : binary_(binary), db_(dir / "collector.db") {
    token_ = run_capture({binary_.string(), "add-device", "test-kiosk", "--db", db_.string()});
    while (!token_.empty() && (token_.back() == '\n' || token_.back() == '\r')) token_.pop_back();
    start();
}

CollectorProcess::CollectorProcess(const std::filesystem::path& binary,
                                   const std::filesystem::path& dir, std::string token)
    : binary_(binary), db_(dir / "collector.db"), token_(std::move(token)) {
    start();
}

void CollectorProcess::start() {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    const std::string binary_text = binary_.string(), db_text = db_.string();
    std::vector<char*> args = {const_cast<char*>(binary_text.c_str()),
                               const_cast<char*>("serve"),
                               const_cast<char*>("--listen"),
                               const_cast<char*>("127.0.0.1:0"),
                               const_cast<char*>("--db"),
                               const_cast<char*>(db_text.c_str()),
                               nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0)
        throw std::runtime_error("cannot start the collector");
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    pid_ = pid;
    std::string line;
    char c = 0;
    while (wait_readable(out[0], 10000) && ::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    const auto colon = line.rfind(':', line.find(" epoch"));
    if (line.rfind("listening on", 0) != 0 || colon == std::string::npos)
        throw std::runtime_error("the collector did not start: " + line);
    port_ = std::atoi(line.c_str() + colon + 1);
}

CollectorProcess::~CollectorProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
}

std::string CollectorProcess::stats() const {
    return run_capture({binary_.string(), "stats", "--db", db_.string()});
}

long long CollectorProcess::responses() const {
    const std::string text = stats();
    const auto at = text.find("\nresponses ");
    if (at == std::string::npos) return -1;
    return std::atoll(text.c_str() + at + 11);
}

}  // namespace standpoint::test

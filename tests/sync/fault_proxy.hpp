// A fault-injecting TCP proxy on 127.0.0.1 between the sync client and the real collector, and a
// helper that runs `standpoint-collector serve` as a child process. Faults are made for real on
// sockets (resets with SO_LINGER 0, stalls, canned answers), not mocked inside the client.
#pragma once

#include <atomic>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace standpoint::test {

enum class Fault {
    none,                // forward both ways
    reset_before,        // RST as soon as the connection is accepted
    reset_after_commit,  // forward the request, wait for the collector's answer, RST the kiosk
    stall,               // read the request, never answer
    canned,              // read the request, answer with canned bytes, close
};

class FaultProxy {
public:
    explicit FaultProxy(int upstream_port);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    int port() const { return port_; }
    void set_fault(Fault fault, std::string canned_answer = {});
    int connections() const { return connections_.load(); }

private:
    void accept_loop();
    void serve(int client);

    int upstream_port_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> generation_{0};
    std::atomic<int> connections_{0};
    std::mutex mutex_;
    Fault fault_ = Fault::none;
    std::string canned_;
    std::vector<std::thread> workers_;
    std::thread acceptor_;
};

// `standpoint-collector serve` on 127.0.0.1, port picked by the OS, SQLite file in `dir`.
class CollectorProcess {
public:
    CollectorProcess(const std::filesystem::path& binary, const std::filesystem::path& dir);
    // Serves the collector.db already in `dir` (e.g. one restored from backup), whose device
    // already has `token`: no add-device.
    CollectorProcess(const std::filesystem::path& binary, const std::filesystem::path& dir,
                     std::string token);
    ~CollectorProcess();  // SIGTERM, then wait
    CollectorProcess(const CollectorProcess&) = delete;
    CollectorProcess& operator=(const CollectorProcess&) = delete;

    int port() const { return port_; }
    const std::string& token() const { return token_; }
    std::string stats() const;  // `standpoint-collector stats`
    long long responses() const;

private:
    void start();

    std::filesystem::path binary_;
    std::filesystem::path db_;
    std::string token_;
    int pid_ = -1;
    int port_ = 0;
};

// Runs a command, returns its stdout (and exit status through `status`).
std::string run_capture(const std::vector<std::string>& argv, int* status = nullptr);
int free_port();  // a port nothing listens on (bound, then closed)

}  // namespace standpoint::test

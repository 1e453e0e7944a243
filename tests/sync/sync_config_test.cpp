// The kiosk's sync settings as an attacker would write them (issue 12): an endpoint that only
// looks like this machine, a FIFO where the token should be. A listener on 127.0.0.2 stands in
// for another host; no traffic leaves the loopback range.
#include "sync/client/sync_config.hpp"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include "sync/client/http_transport.hpp"
#include "tests/temp_dir.hpp"

using namespace standpoint;
using standpoint::testing::TempDir;

namespace {

// Accepts connections on 127.0.0.2 and counts them (the stand-in for a host elsewhere).
class OtherHost {
public:
    OtherHost() {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        ::inet_pton(AF_INET, "127.0.0.2", &address.sin_addr);
        REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(listener_, 8) == 0);
        socklen_t length = sizeof address;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] {
            while (!stopping_) {
                pollfd one{listener_, POLLIN, 0};
                if (::poll(&one, 1, 100) <= 0) continue;
                const int client = ::accept(listener_, nullptr, nullptr);
                if (client < 0) continue;
                ++connections_;
                ::close(client);
            }
        });
    }
    ~OtherHost() {
        stopping_ = true;
        thread_.join();
        ::close(listener_);
    }
    int port() const { return port_; }
    int connections() const { return connections_; }

private:
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    std::thread thread_;
};

void write_settings(const std::filesystem::path& dir, const std::string& endpoint) {
    std::ofstream(dir / "sync.json") << R"({"endpoint": ")" << endpoint << R"("})";
    std::ofstream(dir / "sync-token") << "secret-token\n";
    std::filesystem::permissions(dir / "sync-token", std::filesystem::perms::owner_read |
                                                         std::filesystem::perms::owner_write);
}

}  // namespace

TEST_CASE("plain http only to this machine: look-alike endpoints are refused and get no traffic") {
    OtherHost other;
    const std::string port = std::to_string(other.port());
    for (const std::string& endpoint :
         {"http://127.0.0.1@127.0.0.2:" + port, "http://localhost@127.0.0.2:" + port,
          "http://127.0.0.1:x@127.0.0.2:" + port, "http://127.0.0.2:" + port,
          std::string("http://127.0.0.1.nip.io"), std::string("http://localhost.example.org"),
          "https://user:pass@127.0.0.2:" + port, std::string("http://127.0.0.1:8080/?x=@127.0.0.2"),
          std::string("ftp://127.0.0.1/"), std::string("not a url")}) {
        CAPTURE(endpoint);
        TempDir dir;
        write_settings(dir.path(), endpoint);
        auto config = load_sync_config(dir.path());
        CHECK_FALSE(config.ok());
        if (config.ok() && config->has_value()) {
            // Today's prefix test let it through: the token would now go to the other host.
            HttpTransport transport(**config, nullptr);
            transport.health_check();
        }
    }
    // The transport refuses too, even given such an endpoint directly.
    SyncConfig config;
    config.endpoint = "http://127.0.0.1@127.0.0.2:" + port;
    config.token = "secret-token";
    HttpTransport transport(config, nullptr);
    const HttpAnswer answer = transport.health_check();
    CHECK_FALSE(answer.exchange.transport_ok);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(other.connections() == 0);
}

TEST_CASE("https anywhere and plain http to 127.0.0.1, [::1] or localhost are accepted") {
    for (const char* endpoint :
         {"https://collector.example.org", "https://collector.example.org:8443/standpoint/",
          "http://127.0.0.1:8080", "http://localhost:8080/", "http://[::1]:8080",
          "HTTP://LOCALHOST:1"}) {
        CAPTURE(endpoint);
        TempDir dir;
        write_settings(dir.path(), endpoint);
        auto config = load_sync_config(dir.path());
        REQUIRE_MESSAGE(config.ok(), (config.ok() ? "" : config.error().message));
        CHECK(config->has_value());
    }
}

TEST_CASE("a FIFO named sync-token is refused at once instead of hanging sync") {
    TempDir dir;
    write_settings(dir.path(), "http://127.0.0.1:8080");
    std::filesystem::remove(dir.path() / "sync-token");
    REQUIRE(::mkfifo((dir.path() / "sync-token").c_str(), 0600) == 0);
    auto loading = std::async(std::launch::async, [&] { return load_sync_config(dir.path()); });
    const bool finished = loading.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
    if (!finished) {
        const int writer = ::open((dir.path() / "sync-token").c_str(), O_WRONLY);
        if (writer >= 0) ::close(writer);
    }
    REQUIRE(finished);
    auto config = loading.get();
    REQUIRE_FALSE(config.ok());
    CHECK(config.error().message.find("not a regular file") != std::string::npos);
}

// A real standpoint-collector process on 127.0.0.1 (a free port it picks itself), fed over HTTP.
// With STANDPOINT_TEST_PG set (tests/sync/pg_cluster.sh does), the same cases run against
// PostgreSQL, plus two collectors sharing it.
#include <doctest/doctest.h>
#include <httplib.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/batch.hpp"
#include "sync/protocol/gzip.hpp"

extern char** environ;

using namespace standpoint;
namespace fs = std::filesystem;

namespace {

// A peer closing a socket must not kill the test (the 413 case closes early).
const bool sigpipe_ignored = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
}();

const char* pg_conninfo() { return std::getenv("STANDPOINT_TEST_PG"); }

// Where the data lives: a fresh SQLite file per test, or a fresh schema... PostgreSQL keeps one
// database per run, so tests there use their own device ids and never assume empty tables.
struct Backend {
    fs::path dir;
    std::vector<std::string> args;
    Backend() {
        char pattern[] = "/tmp/standpoint-collector-test-XXXXXX";
        dir = mkdtemp(pattern);
        if (pg_conninfo() != nullptr) {
            args = {"--pg", pg_conninfo()};
        } else {
            args = {"--db", (dir / "collector.db").string()};
        }
    }
    ~Backend() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
};

std::string run_collector(const Backend& backend, std::vector<std::string> args) {
    std::string command = COLLECTOR_EXE;
    for (auto& a : backend.args) args.push_back(a);
    for (const std::string& a : args) command += " '" + a + "'";
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    REQUIRE(pclose(pipe) == 0);
    return out;
}

std::string uuid_of(std::mt19937_64& random) {
    char text[40];
    std::snprintf(text, sizeof text, "%08llx-%04llx-4%03llx-8%03llx-%012llx",
                  static_cast<unsigned long long>(random() & 0xffffffffu),
                  static_cast<unsigned long long>(random() & 0xffffu),
                  static_cast<unsigned long long>(random() & 0xfffu),
                  static_cast<unsigned long long>(random() & 0xfffu),
                  static_cast<unsigned long long>(random() & 0xffffffffffffull));
    return text;
}

std::mt19937_64& rng() {
    static std::mt19937_64 random{std::random_device{}()};
    return random;
}

// A running collector; killed (SIGTERM, then waited for) at the end of the test.
class Collector {
public:
    explicit Collector(const Backend& backend) {
        std::vector<std::string> args = {COLLECTOR_EXE, "serve", "--listen", "127.0.0.1:0"};
        for (auto& a : backend.args) args.push_back(a);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        int out[2];
        REQUIRE(pipe(out) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        REQUIRE(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&actions);
        close(out[1]);
        std::string line;
        char c = 0;
        while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
        close(out[0]);
        // "listening on 127.0.0.1:PORT epoch=..."
        const auto colon = line.find(':');
        REQUIRE(colon != std::string::npos);
        port_ = std::atoi(line.c_str() + colon + 1);
        REQUIRE(port_ > 0);
    }
    ~Collector() {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    Collector(const Collector&) = delete;
    Collector& operator=(const Collector&) = delete;
    int port() const { return port_; }
    httplib::Client client() const {
        httplib::Client client("127.0.0.1", port_);
        client.set_read_timeout(30, 0);
        return client;
    }

private:
    pid_t pid_ = 0;
    int port_ = 0;
};

struct Kiosk {
    std::string device_id = uuid_of(rng());
    std::string token;
};

Kiosk add_kiosk(const Backend& backend) {
    Kiosk kiosk;
    std::string out = run_collector(backend, {"add-device", "kiosk-" + kiosk.device_id});
    kiosk.token = out.substr(0, out.find('\n'));
    REQUIRE(kiosk.token.size() == 64);
    return kiosk;
}

const std::string survey_bytes = R"({"format":"standpoint-survey/1","id":"gala-feedback"})";

ResponseRecord make_record(const Kiosk& kiosk, std::int64_t seq, const std::string& answers) {
    ResponseRecord r;
    r.id = uuid_of(rng());
    r.seq = seq;
    r.device_id = kiosk.device_id;
    r.survey = {"gala-feedback", 1, sha256_hex(survey_bytes)};
    r.event_id = "Gala";
    r.started_at = "2026-11-23T14:05:09.123Z";
    r.completed_at = "2026-11-23T14:06:09.123Z";
    r.language = "en";
    r.status = "complete";
    r.answers_json = answers;
    r.sha256 = sha256_hex(answers);
    return r;
}

Batch make_batch(const Kiosk& kiosk, std::int64_t first_seq, int count) {
    Batch b;
    b.device_id = kiosk.device_id;
    b.batch_id = uuid_of(rng());
    b.first_seq = first_seq;
    b.last_seq = first_seq + count - 1;
    b.surveys.push_back({{"gala-feedback", 1, sha256_hex(survey_bytes)}, survey_bytes});
    for (int i = 0; i < count; ++i) {
        b.responses.push_back(make_record(kiosk, first_seq + i, "{\"visit\":" + std::to_string(i % 5 + 1) + "}"));
    }
    return b;
}

httplib::Result post_raw(const Collector& collector, const Kiosk& kiosk, const std::string& batch_id,
                         const std::string& body, bool gzip_header = true) {
    httplib::Headers headers = {{"Authorization", "Bearer " + kiosk.token},
                                {"Idempotency-Key", batch_id}};
    if (gzip_header) headers.emplace("Content-Encoding", "gzip");
    auto client = collector.client();
    return client.Post(("/v1/kiosks/" + kiosk.device_id + "/batches").c_str(), headers, body,
                       "application/json");
}

httplib::Result post(const Collector& collector, const Kiosk& kiosk, const Batch& batch) {
    return post_raw(collector, kiosk, batch.batch_id, gzip_compress(encode_batch(batch)).value());
}

BatchReply reply_of(const httplib::Result& result) {
    REQUIRE(result);
    REQUIRE(result->status == 200);
    auto reply = decode_reply(result->body);
    REQUIRE(reply.ok());
    return *reply;
}

void check_refused(const httplib::Result& result, int status) {
    REQUIRE(result);
    CHECK(result->status == status);
    CHECK(result->get_header_value("X-Collector").rfind("standpoint; epoch=", 0) == 0);
    CHECK(result->body.find("\"error\"") != std::string::npos);
}

std::int64_t stored_count(const Backend& backend, const std::string& device_id) {
    const std::string out = run_collector(backend, {"export", "--format", "jsonl"});
    std::int64_t count = 0;
    for (std::size_t at = out.find(device_id); at != std::string::npos; at = out.find(device_id, at + 1)) {
        ++count;
    }
    return count;  // each line names the device once
}

// A survey no other test (or run, on a shared PostgreSQL) has sent: the collector cannot hold it.
std::string fresh_survey() {
    return R"({"format":"standpoint-survey/1","id":"fresh-)" + uuid_of(rng()) + R"("})";
}

// make_batch's responses as batch/2, naming `survey` and carrying its definition or not.
Batch make_batch_v2(const Kiosk& kiosk, std::int64_t first_seq, int count,
                    const std::string& survey, bool with_definition) {
    Batch b = make_batch(kiosk, first_seq, count);
    b.format_version = 2;
    const SurveyRef ref{"fresh", 1, sha256_hex(survey)};
    b.surveys.clear();
    if (with_definition) b.surveys.push_back({ref, survey});
    for (ResponseRecord& r : b.responses) r.survey = ref;
    return b;
}

}  // namespace

TEST_CASE("ping and health name the batch formats the collector takes") {
    Backend backend;
    Collector collector(backend);
    auto client = collector.client();
    for (const char* path : {"/v1/ping", "/v1/health"}) {
        auto result = client.Get(path);
        REQUIRE(result);
        CHECK(names_batch_format_v2(result->get_header_value("X-Standpoint-Batch-Formats")));
        CHECK(result->get_header_value("X-Standpoint-Batch-Formats").find("standpoint-batch/1") !=
              std::string::npos);
    }
}

TEST_CASE("a batch/2 is stored with the very hash the kiosk computed at save time") {
    Backend backend;
    Collector collector(backend);
    const Kiosk kiosk = add_kiosk(backend);
    const std::string survey = fresh_survey();
    const Batch batch = make_batch_v2(kiosk, 1, 3, survey, true);
    const BatchReply reply = reply_of(post(collector, kiosk, batch));
    for (const auto& item : reply.results) CHECK(item.status == ItemStatus::created);
    CHECK(reply.max_contiguous_seq == 3);
    // The export holds each response with the kiosk's hash and answer bytes.
    const std::string out = run_collector(backend, {"export", "--format", "jsonl"});
    for (const ResponseRecord& r : batch.responses) {
        CAPTURE(r.id);
        CHECK(out.find(r.sha256) != std::string::npos);
        const auto line_at = out.find(r.id);
        REQUIRE(line_at != std::string::npos);
        const auto line = out.substr(line_at, out.find('\n', line_at) - line_at);
        CHECK(line.find(r.sha256) != std::string::npos);
    }
    // A resend is duplicate (the same hash), and batch/1 of the same responses too.
    for (const auto& item : reply_of(post(collector, kiosk, batch)).results)
        CHECK(item.status == ItemStatus::duplicate);
    Batch as_v1 = batch;
    as_v1.format_version = 1;
    as_v1.batch_id = uuid_of(rng());
    for (const auto& item : reply_of(post(collector, kiosk, as_v1)).results)
        CHECK(item.status == ItemStatus::duplicate);
    CHECK(stored_count(backend, kiosk.device_id) == 3);
}

TEST_CASE("a batch/2 naming a survey the collector lacks is 409 naming it, and nothing is stored") {
    Backend backend;
    Collector collector(backend);
    const Kiosk kiosk = add_kiosk(backend);
    const std::string survey = fresh_survey();
    const auto refused = post(collector, kiosk, make_batch_v2(kiosk, 1, 2, survey, false));
    check_refused(refused, 409);
    CHECK(refused->get_header_value("X-Standpoint-Missing-Survey") == sha256_hex(survey));
    CHECK(stored_count(backend, kiosk.device_id) == 0);
    // Once a batch carried the definition, later ones need not.
    reply_of(post(collector, kiosk, make_batch_v2(kiosk, 1, 2, survey, true)));
    const BatchReply later =
        reply_of(post(collector, kiosk, make_batch_v2(kiosk, 3, 2, survey, false)));
    CHECK(later.max_contiguous_seq == 4);
    CHECK(stored_count(backend, kiosk.device_id) == 4);
}

TEST_CASE("a batch/1 from a kiosk in the field is still taken without a definition") {
    // batch/1 never had to carry definitions; the collector keeps taking it as it did.
    Backend backend;
    Collector collector(backend);
    const Kiosk kiosk = add_kiosk(backend);
    Batch batch = make_batch_v2(kiosk, 1, 2, fresh_survey(), false);
    batch.format_version = 1;
    reply_of(post(collector, kiosk, batch));
    CHECK(stored_count(backend, kiosk.device_id) == 2);
}

TEST_CASE("ping and health answer 204 with the collector marker") {
    Backend backend;
    Collector collector(backend);
    auto client = collector.client();
    for (const char* path : {"/v1/ping", "/v1/health"}) {
        auto result = client.Get(path);
        REQUIRE(result);
        CHECK(result->status == 204);
        CHECK(result->get_header_value("X-Collector").rfind("standpoint; epoch=", 0) == 0);
    }
    auto missing = client.Get("/nothing");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->has_header("X-Collector"));
}

TEST_CASE("a new batch is created, a resend is duplicate, and the watermark follows") {
    Backend backend;
    Collector collector(backend);
    const Kiosk kiosk = add_kiosk(backend);
    const Batch first = make_batch(kiosk, 1, 3);
    const BatchReply created = reply_of(post(collector, kiosk, first));
    REQUIRE(created.results.size() == 3);
    for (const auto& item : created.results) CHECK(item.status == ItemStatus::created);
    CHECK(created.max_contiguous_seq == 3);
    CHECK(created.batch_id == first.batch_id);

    const BatchReply again = reply_of(post(collector, kiosk, first));
    for (const auto& item : again.results) CHECK(item.status == ItemStatus::duplicate);
    CHECK(again.server_epoch == created.server_epoch);
    CHECK(stored_count(backend, kiosk.device_id) == 3);

    // A later batch after a gap leaves the watermark; filling the gap moves it over both.
    CHECK(reply_of(post(collector, kiosk, make_batch(kiosk, 7, 2))).max_contiguous_seq == 3);
    CHECK(reply_of(post(collector, kiosk, make_batch(kiosk, 4, 3))).max_contiguous_seq == 8);
}

TEST_CASE("the same id with changed answers is a conflict and the stored answers stay") {
    Backend backend;
    Collector collector(backend);
    const Kiosk kiosk = add_kiosk(backend);
    Batch batch = make_batch(kiosk, 1, 1);
    reply_of(post(collector, kiosk, batch));
    const std::string original = batch.responses[0].answers_json;
    batch.responses[0].answers_json = "{\"visit\":1,\"better\":\"changed\"}";
    batch.responses[0].sha256 = sha256_hex(batch.responses[0].answers_json);
    batch.batch_id = uuid_of(rng());
    const BatchReply reply = reply_of(post(collector, kiosk, batch));
    REQUIRE(reply.results.size() == 1);
    CHECK(reply.results[0].status == ItemStatus::conflict);
    const std::string jsonl = run_collector(backend, {"export", "--format", "jsonl"});
    CHECK(jsonl.find(sha256_hex(original)) != std::string::npos);
    CHECK(jsonl.find("changed") == std::string::npos);
    CHECK(run_collector(backend, {"stats"}).find("conflicts 0") == std::string::npos);
}

TEST_CASE("a missing or wrong token is 401, another device's token is 403, nothing is stored") {
    Backend backend;
    Collector collector(backend);
    const Kiosk kiosk = add_kiosk(backend);
    const Kiosk other = add_kiosk(backend);
    reply_of(post(collector, other, make_batch(other, 1, 1)));  // binds other's token
    const Batch batch = make_batch(kiosk, 1, 2);
    Kiosk wrong = kiosk;
    wrong.token = std::string(64, 'a');
    check_refused(post(collector, wrong, batch), 401);
    wrong.token = "";
    check_refused(post(collector, wrong, batch), 401);
    Kiosk borrowed = kiosk;
    borrowed.token = other.token;
    check_refused(post(collector, borrowed, batch), 403);
    CHECK(stored_count(backend, kiosk.device_id) == 0);
}

TEST_CASE("bad JSON, a bad shape or a bad hash is 400 and stores nothing") {
    Backend backend;
    Collector collector(backend);
    const Kiosk kiosk = add_kiosk(backend);
    const std::string id = uuid_of(rng());
    check_refused(post_raw(collector, kiosk, id, gzip_compress("{not json").value()), 400);
    check_refused(post_raw(collector, kiosk, id, gzip_compress("[]").value()), 400);
    check_refused(post_raw(collector, kiosk, id, "\x1f\x8b garbage that is not gzip"), 400);
    Batch batch = make_batch(kiosk, 1, 2);
    batch.responses[1].answers_json = "{\"visit\":9}";  // hash no longer matches
    check_refused(post(collector, kiosk, batch), 400);
    CHECK(stored_count(backend, kiosk.device_id) == 0);
}

TEST_CASE("a body that is not gzip is 415 and a wrong Idempotency-Key is 422") {
    Backend backend;
    Collector collector(backend);
    const Kiosk kiosk = add_kiosk(backend);
    const Batch batch = make_batch(kiosk, 1, 1);
    check_refused(post_raw(collector, kiosk, batch.batch_id, encode_batch(batch), false), 415);
    check_refused(post_raw(collector, kiosk, uuid_of(rng()), gzip_compress(encode_batch(batch)).value()), 422);
    CHECK(stored_count(backend, kiosk.device_id) == 0);
}

TEST_CASE("a compressed body over 8 MiB is 413") {
    Backend backend;
    Collector collector(backend);
    const Kiosk kiosk = add_kiosk(backend);
    std::string noise(max_batch_compressed_bytes + 1024, '\0');
    for (auto& c : noise) c = static_cast<char>(rng()());
    const fs::path body = backend.dir / "big.gz";
    {
        std::FILE* file = std::fopen(body.c_str(), "wb");
        REQUIRE(file != nullptr);
        std::fwrite(noise.data(), 1, noise.size(), file);
        std::fclose(file);
    }
    // curl, because it reads an answer that arrives before the upload is finished; it waits for
    // "100 Continue" (which never comes: the 413 does) rather than start sending after 1 s, so
    // a loaded machine cannot turn the early answer into a reset.
    const std::string command =
        "curl -s --expect100-timeout 60 -o /dev/null -D - -X POST --data-binary @" + body.string() +
        " -H 'Content-Encoding: gzip' -H 'Authorization: Bearer " + kiosk.token +
        "' -H 'Idempotency-Key: " + uuid_of(rng()) + "' http://127.0.0.1:" +
        std::to_string(collector.port()) + "/v1/kiosks/" + kiosk.device_id + "/batches";
    std::string headers;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) headers.append(buffer, n);
    pclose(pipe);
    CHECK(headers.find("HTTP/1.1 413") != std::string::npos);
    CHECK(headers.find("X-Collector: standpoint; epoch=") != std::string::npos);
}

TEST_CASE("a gzip bomb is refused with 413 before it fills memory") {
    Backend backend;
    Collector collector(backend);
    const Kiosk kiosk = add_kiosk(backend);
    const std::string bomb = gzip_compress(std::string(max_batch_json_bytes + 1024 * 1024, ' ')).value();
    REQUIRE(bomb.size() < 1024 * 1024);
    check_refused(post_raw(collector, kiosk, uuid_of(rng()), bomb), 413);
    // The collector is still there.
    auto ping = collector.client().Get("/v1/ping");
    REQUIRE(ping);
    CHECK(ping->status == 204);
}

TEST_CASE("several senders posting the same batches at once store each response once") {
    Backend backend;
    Collector first(backend);
    // On PostgreSQL, a second collector on the same database takes half the posts.
    std::unique_ptr<Collector> second;
    if (pg_conninfo() != nullptr) second = std::make_unique<Collector>(backend);
    const Kiosk kiosk = add_kiosk(backend);
    std::vector<Batch> batches;
    for (int i = 0; i < 6; ++i) batches.push_back(make_batch(kiosk, 1 + i * 20, 20));
    std::atomic<int> ok{0}, created{0};
    std::vector<std::thread> senders;
    for (int s = 0; s < 6; ++s) {
        senders.emplace_back([&, s] {
            const Collector& target = (second && s % 2 == 1) ? *second : first;
            for (const Batch& batch : batches) {
                auto result = post(target, kiosk, batch);
                if (result && result->status != 200) std::fprintf(stderr, "status %d %s\n", result->status, result->body.c_str());
                if (result && result->status == 200) {
                    ++ok;
                    auto reply = decode_reply(result->body);
                    for (const auto& item : reply->results) {
                        if (item.status == ItemStatus::created) ++created;
                    }
                }
            }
        });
    }
    for (auto& t : senders) t.join();
    CHECK(ok == 6 * 6);
    CHECK(created == 6 * 20);
    CHECK(stored_count(backend, kiosk.device_id) == 6 * 20);
    const BatchReply last = reply_of(post(first, kiosk, batches[0]));
    CHECK(last.max_contiguous_seq == 120);
}

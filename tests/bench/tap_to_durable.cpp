// Benchmark: time from the resident's final tap (the last Next) to the commit returning, through
// the real Session and StoreWorker, next to the physical floor of this disk: one 4 KiB write plus
// fdatasync. Prints a table; tests check behaviour, this only measures.
//   tap_to_durable [--responses N] [--dir DIR]
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "kiosk/core/session.hpp"
#include "kiosk/core/uuid.hpp"
#include "kiosk/store/response_store.hpp"
#include "kiosk/store/store_worker.hpp"

namespace {

using namespace standpoint;
using Ms = std::chrono::duration<double, std::milli>;

Survey bench_survey() {
    Survey survey;
    survey.id = "bench";
    survey.languages = {"en"};
    survey.sha256 = std::string(64, '0');
    Question smiley;
    smiley.id = "visit";
    smiley.type = QuestionType::smiley;
    smiley.prompt.by_language["en"] = "How was your visit?";
    smiley.min_value = 1;
    smiley.max_value = 5;
    smiley.is_required = true;
    Question scale = smiley;
    scale.id = "recommend";
    scale.type = QuestionType::scale;
    scale.min_value = 0;
    scale.max_value = 10;
    Question text;
    text.id = "better";
    text.type = QuestionType::text;
    text.prompt.by_language["en"] = "Anything we could do better?";
    text.max_length = 500;
    survey.questions = {smiley, scale, text};
    return survey;
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[index];
}

std::vector<double> raw_fdatasync_ms(const std::filesystem::path& dir, int count) {
    const auto path = dir / "floor.bin";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        std::perror("open floor.bin");
        std::exit(1);
    }
    std::vector<char> block(4096, 'x');
    std::vector<double> times;
    for (int i = 0; i < count; ++i) {
        const auto start = std::chrono::steady_clock::now();
        if (::pwrite(fd, block.data(), block.size(), static_cast<off_t>(i) * 4096) != 4096 ||
            ::fdatasync(fd) != 0) {
            std::perror("write floor.bin");
            std::exit(1);
        }
        times.push_back(Ms(std::chrono::steady_clock::now() - start).count());
    }
    ::close(fd);
    std::filesystem::remove(path);
    return times;
}

}  // namespace

int main(int argc, char** argv) {
    int responses = 1000;
    std::filesystem::path dir;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--responses") == 0) responses = std::atoi(argv[i + 1]);
        if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
    }
    const bool is_temp_dir = dir.empty();
    if (is_temp_dir) {
        char pattern[] = "/var/tmp/standpoint-bench-XXXXXX";  // /var/tmp: a real disk, not tmpfs
        if (!::mkdtemp(pattern)) {
            std::perror("mkdtemp");
            return 1;
        }
        dir = pattern;
    }

    auto opened = ResponseStore::open(dir / "data");
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.error().message.c_str());
        return 1;
    }
    std::mutex mutex;
    std::condition_variable woken;
    bool has_outcome = false;
    StoreWorker worker(std::move(opened.value()), [&] {
        const std::lock_guard lock(mutex);
        has_outcome = true;
        woken.notify_one();
    });

    const Survey survey = bench_survey();
    std::mt19937_64 random(42);
    std::vector<double> tap_ms;
    for (int i = 0; i < responses; ++i) {
        auto now = Clock::now();
        UuidRandom bytes{};
        for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
        const auto unix_ms = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
        Session session = start_session(survey, now);
        const std::vector<Event> journey = {
            Start{make_uuid_v7(unix_ms, bytes), now}, SetAnswer{NumberAnswer{4}, now}, Next{now},
            SetAnswer{NumberAnswer{9}, now}, Next{now},
            SetAnswer{TextAnswer{"More benches in the shade, please — diolch!"}, now}};
        for (const Event& event : journey) session = advance(session, event, survey).session;

        const auto tap = std::chrono::steady_clock::now();  // the final tap
        Step step = advance(session, Next{Clock::now()}, survey);
        if (!step.to_save) {
            std::fprintf(stderr, "bench survey did not complete\n");
            return 1;
        }
        step.to_save->device_id = "bench";
        step.to_save->event_id = "bench";
        worker.save(*step.to_save);
        std::unique_lock lock(mutex);
        woken.wait(lock, [&] { return has_outcome; });
        has_outcome = false;
        lock.unlock();
        const auto durable = std::chrono::steady_clock::now();
        for (const SaveOutcome& outcome : worker.take_outcomes()) {
            if (!outcome.seq) {
                std::fprintf(stderr, "save failed: %s\n", outcome.seq.error().message.c_str());
                return 1;
            }
        }
        tap_ms.push_back(Ms(durable - tap).count());
    }
    const std::vector<double> floor_ms = raw_fdatasync_ms(dir, responses);

    const double tap_p50 = percentile(tap_ms, 0.50), tap_p99 = percentile(tap_ms, 0.99);
    const double floor_p50 = percentile(floor_ms, 0.50), floor_p99 = percentile(floor_ms, 0.99);
    std::printf("tap-to-durable over %d responses in %s\n", responses, dir.c_str());
    std::printf("| measure                         | p50 ms | p99 ms |\n");
    std::printf("|---------------------------------|--------|--------|\n");
    std::printf("| final tap -> commit returned    | %6.3f | %6.3f |\n", tap_p50, tap_p99);
    std::printf("| raw 4 KiB write + fdatasync     | %6.3f | %6.3f |\n", floor_p50, floor_p99);
    std::printf("| ratio (tap / floor)             | %6.2f | %6.2f |\n", tap_p50 / floor_p50,
                tap_p99 / floor_p99);
    if (is_temp_dir) std::filesystem::remove_all(dir);
    return 0;
}

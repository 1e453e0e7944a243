// kill_driver: the kiosk's save path with nothing else, for the kill -9 test (kill_test.cpp).
// Runs the real Session and StoreWorker in a loop of completed responses and prints
// "THANKS <response_id>" (flushed) each time the session reaches the thank-you screen, that is,
// only after the store said the response was committed. The test kills it at random moments and
// then checks that every id it printed is in the store.
//   kill_driver DATA_DIR [RESPONSES]   (RESPONSES: stop after that many; default: forever)
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <variant>

#include "kiosk/core/session.hpp"
#include "kiosk/core/uuid.hpp"
#include "kiosk/store/response_store.hpp"
#include "kiosk/store/store_worker.hpp"

namespace {

using namespace standpoint;

Text english(const std::string& text) {
    Text value;
    value.by_language["en"] = text;
    return value;
}

Survey kill_survey() {
    Survey survey;
    survey.id = "kill-test";
    survey.version = 1;
    survey.languages = {"en"};
    survey.title = english("Kill test");
    survey.intro = english("Tap to start");
    survey.thanks = english("Thank you");
    survey.sha256 = std::string(64, 'b');
    Question visit;
    visit.id = "visit";
    visit.type = QuestionType::smiley;
    visit.prompt = english("How was your visit?");
    visit.is_required = true;
    visit.min_value = 1;
    visit.max_value = 5;
    Question better;
    better.id = "better";
    better.type = QuestionType::text;
    better.prompt = english("Anything we could do better?");
    better.max_length = 500;
    survey.questions = {visit, better};
    return survey;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: kill_driver DATA_DIR [RESPONSES]\n");
        return 64;
    }
    const long limit = argc > 2 ? std::atol(argv[2]) : -1;

    auto opened = ResponseStore::open(argv[1]);
    if (!opened) {
        std::fprintf(stderr, "kill_driver: %s\n", opened.error().message.c_str());
        return 1;
    }
    const std::string device_id = opened.value()->device_id();
    std::mutex mutex;
    std::condition_variable woken;
    bool has_outcome = false;
    StoreWorker worker(std::move(opened.value()), [&] {
        const std::lock_guard lock(mutex);
        has_outcome = true;
        woken.notify_one();
    });

    const Survey survey = kill_survey();
    std::random_device seed;
    std::mt19937_64 random(seed());
    for (long done = 0; limit < 0 || done < limit; ++done) {
        const TimePoint now = Clock::now();
        UuidRandom bytes{};
        for (auto& byte : bytes) byte = static_cast<std::uint8_t>(random());
        const auto unix_ms = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
        const std::string id = make_uuid_v7(unix_ms, bytes);

        Session session = start_session(survey, now);
        const Event journey[] = {
            Start{id, now}, SetAnswer{NumberAnswer{1 + static_cast<int>(done % 5)}, now}, Next{now},
            SetAnswer{TextAnswer{"response " + std::to_string(done)}, now}};
        for (const Event& event : journey) session = advance(session, event, survey).session;
        Step step = advance(session, Next{now}, survey);
        if (!step.to_save || !std::holds_alternative<Saving>(step.session.screen)) {
            std::fprintf(stderr, "kill_driver: the session did not complete the survey\n");
            return 3;
        }
        step.to_save->device_id = device_id;
        step.to_save->event_id = "kill-test";
        worker.save(*step.to_save);

        std::unique_lock lock(mutex);
        woken.wait(lock, [&] { return has_outcome; });
        has_outcome = false;
        lock.unlock();
        for (const SaveOutcome& outcome : worker.take_outcomes()) {
            if (!outcome.seq) {
                std::fprintf(stderr, "kill_driver: %s\n", outcome.seq.error().message.c_str());
                return 2;
            }
        }
        // Saved only now, after the commit returned: this is the app's rule, and the test's oracle.
        session = advance(step.session, Saved{Clock::now()}, survey).session;
        if (!std::holds_alternative<Thanks>(session.screen)) {
            std::fprintf(stderr, "kill_driver: Saved did not lead to the thank-you screen\n");
            return 3;
        }
        std::printf("THANKS %s\n", id.c_str());
        std::fflush(stdout);
    }
    return 0;
}

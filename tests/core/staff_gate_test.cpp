// The pure rules of the way into staff mode (kiosk/core/staff_gate.hpp): the hidden corner
// gesture, the PIN lockout, the rules for a new PIN.
#include "kiosk/core/staff_gate.hpp"

#include <doctest/doctest.h>

using namespace standpoint;
using namespace std::chrono_literals;

namespace {

const TimePoint t0 = TimePoint(std::chrono::seconds(1'795'000'000));

// A 1920x1080 screen: corners are 86 px squares, drags start at 18 px.
struct Finger {
    CornerGesture gesture;
    TimePoint now = t0;
    Finger() { gesture.set_screen(1920, 1080, 18); }

    bool sample(bool is_down, float x, float y) { return gesture.feed(is_down, x, y, now); }
    // Press at (x, y), keep still for `hold` (sampled every 100 ms, as frames would), lift.
    // Returns whether the gesture completed on any sample.
    bool tap(float x, float y, std::chrono::milliseconds hold) {
        bool is_done = sample(true, x, y);
        const TimePoint lift = now + hold;
        while (now + 100ms < lift) {
            now += 100ms;
            is_done = sample(true, x, y) || is_done;
        }
        now = lift;
        is_done = sample(true, x, y) || is_done;
        is_done = sample(false, x, y) || is_done;
        return is_done;
    }
    void wait(std::chrono::milliseconds pause) {
        now += pause;
        sample(false, 0, 0);
    }
};

}  // namespace

TEST_CASE("the corner zone is 8% of the shorter side, at least 60 px") {
    CHECK(gesture_corner_px(1920, 1080) == doctest::Approx(86));
    CHECK(gesture_corner_px(1080, 1920) == doctest::Approx(86));
    CHECK(gesture_corner_px(640, 480) == doctest::Approx(60));
}

TEST_CASE("a 3 s hold in the top-left corner, then a tap in the bottom-right opens the pad") {
    Finger finger;
    CHECK_FALSE(finger.tap(20, 30, 3100ms));
    finger.wait(1s);
    CHECK(finger.tap(1900, 1060, 150ms));
    // Once only: another tap there does nothing.
    finger.wait(500ms);
    CHECK_FALSE(finger.tap(1900, 1060, 150ms));
}

TEST_CASE("the hold is complete at the 3 s mark, while the finger is still down") {
    Finger finger;
    finger.sample(true, 40, 40);
    CHECK(finger.gesture.next_deadline() == t0 + 3s);
    finger.now = t0 + 2900ms;
    finger.sample(true, 40, 40);
    CHECK_FALSE(finger.gesture.is_hold_complete());
    finger.now = t0 + 3000ms;
    finger.sample(true, 40, 40);
    CHECK(finger.gesture.is_hold_complete());
    finger.sample(false, 40, 40);
    CHECK_FALSE(finger.gesture.is_hold_complete());
    CHECK(finger.gesture.next_deadline() == t0 + 3s + 5s);  // the second tap's window
}

TEST_CASE("a hold shorter than 3 s does not count") {
    Finger finger;
    CHECK_FALSE(finger.tap(20, 30, 2900ms));
    finger.wait(500ms);
    CHECK_FALSE(finger.tap(1900, 1060, 150ms));
}

TEST_CASE("a second tap later than 5 s after the hold does not count") {
    Finger finger;
    finger.tap(20, 30, 3100ms);
    finger.wait(5100ms);
    CHECK_FALSE(finger.tap(1900, 1060, 150ms));
}

TEST_CASE("a second tap within 5 s but elsewhere resets the gesture") {
    Finger finger;
    finger.tap(20, 30, 3100ms);
    finger.wait(500ms);
    CHECK_FALSE(finger.tap(960, 540, 150ms));
    finger.wait(500ms);
    CHECK_FALSE(finger.tap(1900, 1060, 150ms));
}

TEST_CASE("the second tap must be in the opposite corner, not the same or another one") {
    for (auto [x, y] : {std::pair{20.0f, 30.0f}, {1900.0f, 30.0f}, {20.0f, 1060.0f}}) {
        Finger finger;
        finger.tap(20, 30, 3100ms);
        finger.wait(500ms);
        CHECK_FALSE(finger.tap(x, y, 150ms));
    }
}

TEST_CASE("a finger that moves past the drag threshold during the hold resets it") {
    Finger finger;
    finger.sample(true, 20, 30);
    finger.now += 1s;
    finger.sample(true, 20, 30 + 19);  // 19 px: a drag
    finger.now += 3s;
    finger.sample(true, 20, 49);
    CHECK_FALSE(finger.gesture.is_hold_complete());
    finger.sample(false, 20, 49);
    finger.wait(500ms);
    CHECK_FALSE(finger.tap(1900, 1060, 150ms));
}

TEST_CASE("a little wobble within the drag threshold still holds") {
    Finger finger;
    finger.sample(true, 20, 30);
    finger.now += 1500ms;
    finger.sample(true, 30, 38);  // 12.8 px away
    finger.now += 1600ms;
    finger.sample(true, 28, 36);
    CHECK(finger.gesture.is_hold_complete());
}

TEST_CASE("a drag during the second tap resets it") {
    Finger finger;
    finger.tap(20, 30, 3100ms);
    finger.wait(500ms);
    finger.sample(true, 1900, 1060);
    finger.now += 50ms;
    finger.sample(true, 1880, 1040);
    finger.now += 50ms;
    CHECK_FALSE(finger.sample(false, 1880, 1040));
}

TEST_CASE("a long press that starts outside the corner and slides in does not count") {
    Finger finger;
    finger.sample(true, 300, 300);
    finger.now += 100ms;
    finger.sample(true, 20, 30);
    finger.now += 4s;
    finger.sample(true, 20, 30);
    CHECK_FALSE(finger.gesture.is_hold_complete());
}

TEST_CASE("ordinary taps in the corners, even many in a row, never open the pad") {
    Finger finger;
    for (int i = 0; i < 50; ++i) {
        CHECK_FALSE(finger.tap(20, 30, 200ms));
        finger.wait(300ms);
        CHECK_FALSE(finger.tap(1900, 1060, 200ms));
        finger.wait(300ms);
    }
}

TEST_CASE("the wrong corner held for 3 s does not start it") {
    Finger finger;
    finger.tap(1900, 1060, 3100ms);
    finger.wait(500ms);
    CHECK_FALSE(finger.tap(20, 30, 150ms));
    CHECK_FALSE(finger.gesture.is_hold_complete());
}

TEST_CASE("the gesture works on a portrait screen too") {
    Finger finger;
    finger.gesture.set_screen(1080, 1920, 18);
    finger.tap(10, 10, 3100ms);
    finger.wait(200ms);
    CHECK(finger.tap(1070, 1910, 100ms));
}

// ---------------------------------------------------------------------------------- lockout

TEST_CASE("five wrong PINs lock the pad for 30 s; four do not") {
    PinLockout lockout;
    const std::int64_t now = 1'795'000'000'000;
    for (int i = 1; i <= 4; ++i) {
        lockout = after_wrong_pin(lockout, now);
        CHECK(pin_lock_remaining(lockout, now).count() == 0);
        CHECK(pin_tries_left(lockout) == 5 - i);
    }
    lockout = after_wrong_pin(lockout, now);
    CHECK(pin_tries_left(lockout) == 0);
    CHECK(pin_lock_remaining(lockout, now) == 30s);
    CHECK(pin_lock_remaining(lockout, now + 29'999).count() == 1);
    CHECK(pin_lock_remaining(lockout, now + 30'000).count() == 0);
}

TEST_CASE("each further wrong PIN doubles the lock, up to 15 minutes") {
    CHECK(pin_lock_after(4) == 0s);
    CHECK(pin_lock_after(5) == 30s);
    CHECK(pin_lock_after(6) == 60s);
    CHECK(pin_lock_after(7) == 120s);
    CHECK(pin_lock_after(10) == 900s);  // 960 s capped
    CHECK(pin_lock_after(1000) == 900s);
    PinLockout lockout{6, 0};
    lockout = after_wrong_pin(lockout, 1000);
    CHECK(lockout.failed_attempts == 7);
    CHECK(lockout.locked_until_ms == 1000 + 120'000);
}

TEST_CASE("a right PIN clears the count and the lock") {
    CHECK(after_right_pin() == PinLockout{});
    CHECK(pin_tries_left(after_right_pin()) == 5);
}

TEST_CASE("a lock set far in the future (clock set back) lasts at most the longest lock") {
    const PinLockout lockout{9, 10'000'000'000'000};
    CHECK(pin_lock_remaining(lockout, 1'000) == 15min);
}

// ---------------------------------------------------------------------------------- PIN rules

TEST_CASE("a new PIN has 4 to 8 digits") {
    CHECK(check_new_pin("4821").ok());
    CHECK(check_new_pin("48210937").ok());
    const Status short_pin = check_new_pin("482");
    REQUIRE_FALSE(short_pin.ok());
    CHECK(short_pin.error().message.find("4 to 8 digits") != std::string::npos);
    CHECK_FALSE(check_new_pin("482109375").ok());
    CHECK_FALSE(check_new_pin("").ok());
}

TEST_CASE("a new PIN has digits only") {
    const Status letters = check_new_pin("48a1");
    REQUIRE_FALSE(letters.ok());
    CHECK(letters.error().message.find("digits only") != std::string::npos);
    CHECK_FALSE(check_new_pin("48 21").ok());
}

TEST_CASE("a new PIN is not one digit repeated") {
    for (const char* pin : {"0000", "1111", "99999999"}) {
        const Status same = check_new_pin(pin);
        REQUIRE_FALSE(same.ok());
        CHECK(same.error().message.find("repeated") != std::string::npos);
    }
}

TEST_CASE("a new PIN is not a run up or down") {
    for (const char* pin : {"1234", "0123", "3456789", "9876", "43210"}) {
        const Status run = check_new_pin(pin);
        REQUIRE_FALSE(run.ok());
        CHECK(run.error().message.find("run of digits") != std::string::npos);
    }
    CHECK(check_new_pin("1235").ok());
    CHECK(check_new_pin("8901").ok());  // wraps around: not a run
}

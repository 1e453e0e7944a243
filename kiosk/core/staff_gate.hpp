// The way into staff mode, as pure rules (docs/staff.md): the hidden corner gesture that opens the
// PIN pad, the lockout after wrong PINs, and what a new PIN must look like. No clocks, no I/O:
// time and pointer samples arrive as arguments, so every rule is a unit test.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "kiosk/core/response.hpp"
#include "kiosk/core/result.hpp"

namespace standpoint {

// ------------------------------------------------------------------------- the corner gesture
//
// Hold a finger still for 3 s in the top-left corner, lift it, then within 5 s tap the
// bottom-right corner. A resident tapping normally never does this: a tap is far shorter than
// 3 s, and the two corners are at opposite ends of the screen (no resident button sits in the
// bottom-right corner of the screens the gesture is watched on; see frame_loop.cpp).

inline constexpr std::chrono::milliseconds gesture_hold_for{3000};
inline constexpr std::chrono::milliseconds gesture_second_tap_within{5000};

// The corner zones: squares of 8% of the screen's shorter side, at least 60 px.
float gesture_corner_px(float width, float height);

class CornerGesture {
public:
    // `drag_threshold_px`: a finger that travels further than this is dragging, not holding.
    void set_screen(float width, float height, float drag_threshold_px);

    // One pointer sample per frame: whether the finger is down and where (the position is
    // ignored while up). Returns true once, on the release of the second tap that completes it.
    bool feed(bool is_down, float x, float y, TimePoint now);

    // The hold has lasted 3 s in the first corner and the finger is still down: the press must not
    // also act as a resident tap when it lifts (the app cancels it).
    bool is_hold_complete() const { return stage_ == Stage::held; }

    // When a sample is needed without input: the 3 s mark of a hold (so the app can cancel the
    // press under the finger at that moment) or the end of the 5 s window (to forget it).
    std::optional<TimePoint> next_deadline() const;

    void reset() { stage_ = Stage::idle; }

private:
    enum class Stage {
        idle,          // nothing in progress
        holding,       // finger down in the first corner, still, for less than 3 s so far
        held,          // ... for 3 s or more, not lifted yet
        waiting,       // lifted after a complete hold: the second corner's tap may come
        second_press,  // finger down in the second corner within the window
        spent,         // a press that broke the gesture: ignored until it lifts
    };
    bool is_in_first_corner(float x, float y) const;
    bool is_in_second_corner(float x, float y) const;
    bool has_moved(float x, float y) const;

    float width_ = 0;
    float height_ = 0;
    float corner_px_ = 60;
    float drag_threshold_px_ = 18;
    Stage stage_ = Stage::idle;
    float press_x_ = 0;
    float press_y_ = 0;
    TimePoint stage_since_{};
};

// ------------------------------------------------------------------------- PIN lockout
//
// Five wrong PINs are free (typos); the fifth locks the pad for 30 s, and every further wrong PIN
// locks it again for twice as long as the last, up to 15 minutes. A right PIN clears it all.
// The numbers live in KioskState, so switching the kiosk off and on does not reset them. Times
// are Unix milliseconds from the wall clock, as they are stored.

inline constexpr int free_pin_attempts = 5;
inline constexpr std::chrono::seconds first_pin_lock{30};
inline constexpr std::chrono::seconds longest_pin_lock{15 * 60};

struct PinLockout {
    int failed_attempts = 0;
    std::int64_t locked_until_ms = 0;  // 0 = never locked
    bool operator==(const PinLockout&) const = default;
};

// How long the pad locks after the `failed_attempts`-th wrong PIN in a row (0 s before the 5th).
std::chrono::seconds pin_lock_after(int failed_attempts);

PinLockout after_wrong_pin(const PinLockout& lockout, std::int64_t now_ms);
inline PinLockout after_right_pin() { return {}; }

// Time left until the pad takes a PIN again; 0 when it is not locked. A lock further away than
// the longest one (the wall clock was set back) counts as the longest, so it cannot last days.
std::chrono::milliseconds pin_lock_remaining(const PinLockout& lockout, std::int64_t now_ms);

// Wrong PINs left before the next lock (0 once the pad has locked at least once).
int pin_tries_left(const PinLockout& lockout);

// ------------------------------------------------------------------------- PIN rules

inline constexpr std::size_t shortest_pin = 4;
inline constexpr std::size_t longest_pin = 8;

// 4 to 8 digits, not one digit repeated (0000) and not a run up or down (1234, 9876). The Error
// says which rule it breaks, in words for staff.
Status check_new_pin(std::string_view pin);

std::int64_t unix_ms(TimePoint time);

}  // namespace standpoint

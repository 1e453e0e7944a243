#include "kiosk/core/staff_gate.hpp"

#include <algorithm>
#include <cmath>

namespace standpoint {

float gesture_corner_px(float width, float height) {
    return std::max(60.0f, std::round(std::min(width, height) * 0.08f));
}

void CornerGesture::set_screen(float width, float height, float drag_threshold_px) {
    width_ = width;
    height_ = height;
    corner_px_ = gesture_corner_px(width, height);
    drag_threshold_px_ = drag_threshold_px;
}

bool CornerGesture::is_in_first_corner(float x, float y) const {
    return x >= 0 && y >= 0 && x < corner_px_ && y < corner_px_;
}

bool CornerGesture::is_in_second_corner(float x, float y) const {
    return x >= width_ - corner_px_ && y >= height_ - corner_px_ && x <= width_ && y <= height_;
}

bool CornerGesture::has_moved(float x, float y) const {
    return std::hypot(x - press_x_, y - press_y_) > drag_threshold_px_;
}

bool CornerGesture::feed(bool is_down, float x, float y, TimePoint now) {
    const auto since = now - stage_since_;
    auto enter = [&](Stage stage) {
        stage_ = stage;
        stage_since_ = now;
    };
    auto press_starts = [&] {
        press_x_ = x;
        press_y_ = y;
        enter(is_in_first_corner(x, y) ? Stage::holding : Stage::spent);
    };
    switch (stage_) {
        case Stage::idle:
            if (is_down) press_starts();
            return false;
        case Stage::holding:
            if (!is_down) {
                enter(Stage::idle);  // lifted early: an ordinary tap
            } else if (has_moved(x, y)) {
                enter(Stage::spent);
            } else if (since >= gesture_hold_for) {
                stage_ = Stage::held;  // keeps stage_since_: the hold's start
            }
            return false;
        case Stage::held:
            if (!is_down) {
                enter(Stage::waiting);
            } else if (has_moved(x, y)) {
                enter(Stage::spent);
            }
            return false;
        case Stage::waiting:
            if (since > gesture_second_tap_within) {
                enter(Stage::idle);
                if (is_down) press_starts();
                return false;
            }
            if (is_down) {
                press_x_ = x;
                press_y_ = y;
                enter(is_in_second_corner(x, y) ? Stage::second_press : Stage::spent);
            }
            return false;
        case Stage::second_press:
            if (is_down) {
                if (has_moved(x, y)) enter(Stage::spent);
                return false;
            }
            enter(Stage::idle);
            return true;
        case Stage::spent:
            if (!is_down) enter(Stage::idle);
            return false;
    }
    return false;
}

std::optional<TimePoint> CornerGesture::next_deadline() const {
    if (stage_ == Stage::holding) return stage_since_ + gesture_hold_for;
    if (stage_ == Stage::waiting) return stage_since_ + gesture_second_tap_within;
    return std::nullopt;
}

std::chrono::seconds pin_lock_after(int failed_attempts) {
    if (failed_attempts < free_pin_attempts) return std::chrono::seconds(0);
    std::chrono::seconds lock = first_pin_lock;
    for (int i = free_pin_attempts; i < failed_attempts && lock < longest_pin_lock; ++i) lock *= 2;
    return std::min(lock, longest_pin_lock);
}

PinLockout after_wrong_pin(const PinLockout& lockout, std::int64_t now_ms) {
    PinLockout next = lockout;
    next.failed_attempts = lockout.failed_attempts + 1;
    const auto lock = pin_lock_after(next.failed_attempts);
    if (lock.count() > 0)
        next.locked_until_ms =
            now_ms + std::chrono::duration_cast<std::chrono::milliseconds>(lock).count();
    return next;
}

std::chrono::milliseconds pin_lock_remaining(const PinLockout& lockout, std::int64_t now_ms) {
    const std::int64_t left = lockout.locked_until_ms - now_ms;
    if (left <= 0) return std::chrono::milliseconds(0);
    return std::min(std::chrono::milliseconds(left),
                    std::chrono::duration_cast<std::chrono::milliseconds>(longest_pin_lock));
}

int pin_tries_left(const PinLockout& lockout) {
    return std::max(0, free_pin_attempts - lockout.failed_attempts);
}

Status check_new_pin(std::string_view pin) {
    if (pin.size() < shortest_pin || pin.size() > longest_pin)
        return Error{"A staff PIN has 4 to 8 digits; this one has " + std::to_string(pin.size()) +
                     "."};
    if (!std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return Error{"A staff PIN has digits only (0 to 9)."};
    if (std::all_of(pin.begin(), pin.end(), [&](char c) { return c == pin.front(); }))
        return Error{
            "A staff PIN cannot be one digit repeated (like 0000): it is the first "
            "thing anyone tries. Choose a mix of digits."};
    auto is_run = [&](int step) {
        for (std::size_t i = 1; i < pin.size(); ++i)
            if (pin[i] - pin[i - 1] != step) return false;
        return true;
    };
    if (is_run(1) || is_run(-1))
        return Error{
            "A staff PIN cannot be a run of digits (like 1234 or 9876): it is the first "
            "thing anyone tries. Choose a mix of digits."};
    return ok_status();
}

std::int64_t unix_ms(TimePoint time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

}  // namespace standpoint

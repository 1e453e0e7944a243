#include "kiosk/shell/pin_pad_flow.hpp"

namespace standpoint::shell {
namespace {

// The pad of either pad mode (Shell or const Shell), or nullptr.
template <class AnyShell>
auto* pad_of(AnyShell& shell) {
    decltype(&std::get_if<PinPadMode>(&shell.mode)->pad) pad = nullptr;
    if (auto* check = std::get_if<PinPadMode>(&shell.mode)) pad = &check->pad;
    if (auto* set = std::get_if<SetPinMode>(&shell.mode)) pad = &set->pad;
    return pad;
}

PinLockout lockout_of(const KioskState& state) {
    return {state.failed_pin_attempts, state.pin_locked_until_ms};
}

void set_lockout(KioskState& state, const PinLockout& lockout) {
    state.failed_pin_attempts = lockout.failed_attempts;
    state.pin_locked_until_ms = lockout.locked_until_ms;
}

// "45 s", "2 min 30 s": how long the pad stays locked.
std::string spoken_duration(std::chrono::milliseconds left) {
    const long long seconds = (left.count() + 999) / 1000;
    if (seconds < 60) return std::to_string(seconds) + " s";
    const long long rest = seconds % 60;
    return std::to_string(seconds / 60) + " min" + (rest ? " " + std::to_string(rest) + " s" : "");
}

std::chrono::milliseconds locked_for(const Shell& shell, TimePoint now) {
    if (std::holds_alternative<SetPinMode>(shell.mode)) return std::chrono::milliseconds(0);
    return pin_lock_remaining(lockout_of(shell.state), unix_ms(now));
}

void press_ok(Shell& shell, PadEntry& pad, std::vector<Effect>& effects) {
    pad.is_problem = true;
    if (std::holds_alternative<PinPadMode>(shell.mode)) {
        if (pad.entered.size() < shortest_pin) {
            pad.message = "A staff PIN has 4 to 8 digits.";
            return;
        }
        pad.message.clear();
        pad.is_waiting = true;
        effects.push_back(CheckPin{shell.state.pin_hash, pad.entered});
        pad.entered.clear();
    } else if (!pad.is_confirming) {
        if (Status rules = check_new_pin(pad.entered.reveal()); !rules) {
            pad.message = rules.error().message;
            pad.entered.clear();
            return;
        }
        pad.message.clear();
        pad.first_entry = pad.entered;
        pad.entered.clear();
        pad.is_confirming = true;
    } else if (!(pad.entered == pad.first_entry)) {
        pad.entered.clear();
        pad.first_entry.clear();
        pad.is_confirming = false;
        pad.message = "The two PINs were different. Choose the PIN again.";
    } else {
        pad.message.clear();
        pad.is_waiting = true;
        effects.push_back(HashPin{pad.entered});
        pad.entered.clear();
        pad.first_entry.clear();
        pad.is_confirming = false;
    }
}

}  // namespace

void open_staff(Shell& shell, TimePoint at, std::vector<Effect>& effects) {
    shell.mode = StaffMode{};  // the pad (and any digits in it) is gone
    effects.push_back(OpenStaffScreen{at});
}

void leave_pad(Shell& shell) {
    const auto* pad = std::get_if<PinPadMode>(&shell.mode);
    if (pad == nullptr) return;
    const bool to_paused = pad->returns_to_paused;
    if (to_paused)
        shell.mode = PausedMode{};
    else
        shell.mode = ResidentMode{};
}

void press_pad_key(Shell& shell, const PadKeyPressed& press, std::vector<Effect>& effects) {
    PadEntry* pad = pad_of(shell);
    if (pad == nullptr) return;
    pad->last_touch = press.at;
    switch (press.key) {
        case PinKey::digit:
            if (pad->is_waiting || locked_for(shell, press.at).count() > 0) return;
            if (press.digit < '0' || press.digit > '9') return;
            if (pad->entered.size() < longest_pin) pad->entered.push(press.digit);
            pad->message.clear();
            return;
        case PinKey::erase:
            pad->entered.pop();
            return;
        case PinKey::cancel:
            leave_pad(shell);  // the first-start pad has no way out
            return;
        case PinKey::ok:
            if (pad->is_waiting || locked_for(shell, press.at).count() > 0) return;
            press_ok(shell, *pad, effects);
            return;
    }
}

void take_pin_checked(Shell& shell, const PinChecked& checked, std::vector<Effect>& effects) {
    PadEntry* pad = pad_of(shell);
    if (pad) pad->is_waiting = false;
    // A wrong PIN counts even when the pad was cancelled while it was checked: else cancelling
    // every try would dodge the lockout. It is saved before anything else: pulling the plug must
    // not reset the count.
    if (checked.is_right) {
        set_lockout(shell.state, after_right_pin());
        effects.push_back(SaveState{shell.state});
        if (std::holds_alternative<PinPadMode>(shell.mode)) open_staff(shell, checked.at, effects);
        return;
    }
    const PinLockout lockout = after_wrong_pin(lockout_of(shell.state), unix_ms(checked.at));
    set_lockout(shell.state, lockout);
    effects.push_back(SaveState{shell.state});
    if (!std::holds_alternative<PinPadMode>(shell.mode)) return;
    const int left = pin_tries_left(lockout);
    pad->is_problem = true;
    pad->message = left > 0 ? "Wrong PIN, " + std::to_string(left) +
                                  (left == 1 ? " try left." : " tries left.")
                            : "Wrong PIN.";
}

void take_pin_hashed(Shell& shell, const PinHashed& hashed, std::vector<Effect>& effects) {
    auto* setting = std::get_if<SetPinMode>(&shell.mode);
    if (setting == nullptr) return;
    setting->pad.is_waiting = false;
    if (!hashed.hash) {
        setting->pad.is_problem = true;
        setting->pad.message = hashed.problem;
        return;
    }
    shell.state.pin_hash = *hashed.hash;
    set_lockout(shell.state, PinLockout{});
    effects.push_back(SaveState{shell.state});
    effects.push_back(Log{"the staff PIN was set on the kiosk"});
    open_staff(shell, hashed.at,
               effects);  // whoever set it is staff: the event can be set up first
}

PadView pad_view(const Shell& shell, TimePoint now) {
    PadView view;
    const PadEntry* pad = pad_of(shell);
    if (pad == nullptr) return view;
    const bool is_setting = std::holds_alternative<SetPinMode>(shell.mode);
    if (is_setting) {
        view.title = pad->is_confirming ? "Enter the same PIN again" : "Set a staff PIN";
        view.hint = pad->is_confirming
                        ? "To be sure it is the one you meant."
                        : "The kiosk starts taking answers once staff have a PIN. Choose 4 to "
                          "8 digits, not 1234 or 0000.";
        view.can_cancel = false;
        view.screen = pad->is_confirming ? "set_pin:confirm" : "set_pin";
    } else {
        view.title = "Staff PIN";
        view.screen = "pin_pad";
    }
    const auto locked = locked_for(shell, now);
    view.digit_count = pad->entered.size();
    view.takes_digits = !pad->is_waiting && locked.count() == 0;
    if (pad->is_waiting) {
        view.message = is_setting ? "Saving…" : "Checking…";
    } else if (locked.count() > 0) {
        view.message =
            "Too many wrong PINs. The pad is locked for " + spoken_duration(locked) + ".";
        view.is_problem = true;
    } else {
        view.message = pad->message;
        view.is_problem = pad->is_problem;
    }
    return view;
}

}  // namespace standpoint::shell

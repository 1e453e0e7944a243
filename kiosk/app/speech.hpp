// Read-aloud: espeak-ng (GPL) runs as a separate process, never linked. Its WAV output is piped
// into aplay, or written to a file for tests. Nothing here blocks the frame loop: say() spawns
// and returns, a new utterance kills the one before, finished children are reaped on the next
// call. A missing espeak-ng or sound device is a quiet no-op, logged once.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace standpoint::app {

struct SpeechConfig {
    std::string espeak = "espeak-ng";     // found on PATH
    std::string player = "aplay";         // reads the WAV from espeak-ng's stdout
    int words_per_minute = 150;           // a little slower than espeak's 175: for everyone
    std::optional<std::string> wav_path;  // set: write here instead of playing (tests)
};

// The espeak-ng voice for a survey language: "en" -> "en-gb" (UK councils), others as they are
// ("cy", "pl", "ur"); a region code ("pt-BR") is kept, it is a voice name too.
std::string voice_for_language(const std::string& language);

// espeak-ng's argv (without the program name) for `text`: text is one argument after the
// options, so quotes in survey text stay text and no shell is involved. A leading '-' would be
// read as an option, so such text gets a leading space.
std::vector<std::string> espeak_arguments(const SpeechConfig& config, const std::string& voice,
                                          const std::string& text, bool to_stdout);

class Speech {
public:
    explicit Speech(SpeechConfig config = {});
    ~Speech();  // stops what is playing
    Speech(const Speech&) = delete;
    Speech& operator=(const Speech&) = delete;

    // Starts reading `text` in `language`'s voice, stopping anything still playing.
    void say(const std::string& text, const std::string& language);
    void stop();
    // Reaps finished children; true while an utterance is still running.
    bool is_speaking();
    // Waits up to `timeout_ms` for the utterance to finish (tests only: this one blocks).
    bool wait_ms(int timeout_ms);

private:
    void reap(bool is_blocking);
    void log_once(bool& flag, const std::string& message);

    SpeechConfig config_;
    pid_t espeak_pid_ = -1;
    pid_t player_pid_ = -1;
    std::vector<pid_t> dying_;  // killed, not yet reaped
    bool has_logged_missing_ = false;
    bool has_logged_player_ = false;
    bool has_logged_failure_ = false;
};

}  // namespace standpoint::app

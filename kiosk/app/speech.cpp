#include "kiosk/app/speech.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>
#include <thread>

extern char** environ;

namespace standpoint::app {
namespace {

// posix_spawn with a clean signal state: the kiosk blocks SIGTERM/SIGINT in every thread (the
// stop-signal thread takes them), and a child inherits that mask, so without this a killed
// utterance would play on.
class SpawnAttributes {
public:
    SpawnAttributes() {
        posix_spawnattr_init(&attributes_);
        sigset_t none;
        sigemptyset(&none);
        posix_spawnattr_setsigmask(&attributes_, &none);
        sigset_t defaults;
        sigemptyset(&defaults);
        for (int signal_number : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT})
            sigaddset(&defaults, signal_number);
        posix_spawnattr_setsigdefault(&attributes_, &defaults);
        posix_spawnattr_setflags(&attributes_, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    }
    ~SpawnAttributes() { posix_spawnattr_destroy(&attributes_); }
    SpawnAttributes(const SpawnAttributes&) = delete;
    SpawnAttributes& operator=(const SpawnAttributes&) = delete;
    const posix_spawnattr_t* get() const { return &attributes_; }

private:
    posix_spawnattr_t attributes_;
};

class FileActions {
public:
    FileActions() { posix_spawn_file_actions_init(&actions_); }
    ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
    FileActions(const FileActions&) = delete;
    FileActions& operator=(const FileActions&) = delete;
    posix_spawn_file_actions_t* get() { return &actions_; }

private:
    posix_spawn_file_actions_t actions_;
};

// ALSA and espeak-ng complain on every utterance when there is no sound card; the exit status
// says enough, logged once (Speech::reap), and stderr ends up in the system log.
void quiet_stderr(FileActions& actions) {
    posix_spawn_file_actions_addopen(actions.get(), STDERR_FILENO, "/dev/null", O_WRONLY, 0);
}

// Spawns `program` (looked up on PATH) with `arguments`; returns the pid, or -errno.
pid_t spawn(const std::string& program, const std::vector<std::string>& arguments,
            FileActions& actions) {
    std::vector<std::string> words{program};
    words.insert(words.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    const SpawnAttributes attributes;
    pid_t pid = -1;
    const int error =
        posix_spawnp(&pid, program.c_str(), actions.get(), attributes.get(), argv.data(), environ);
    return error == 0 ? pid : -error;
}

}  // namespace

std::string voice_for_language(const std::string& language) {
    if (language == "en") return "en-gb";
    return language.empty() ? "en-gb" : language;
}

std::vector<std::string> espeak_arguments(const SpeechConfig& config, const std::string& voice,
                                          const std::string& text, bool to_stdout) {
    std::vector<std::string> arguments{"-v", voice, "-s", std::to_string(config.words_per_minute)};
    if (config.wav_path) {
        arguments.insert(arguments.end(), {"-w", *config.wav_path});
    } else if (to_stdout) {
        arguments.push_back("--stdout");
    }
    arguments.push_back(!text.empty() && text.front() == '-' ? " " + text : text);
    return arguments;
}

Speech::Speech(SpeechConfig config) : config_(std::move(config)) {}

Speech::~Speech() {
    stop();
    reap(true);
}

void Speech::log_once(bool& flag, const std::string& message) {
    if (flag) return;
    flag = true;
    std::cerr << "standpoint: read-aloud: " << message << '\n';
}

void Speech::stop() {
    for (pid_t* pid : {&espeak_pid_, &player_pid_}) {
        if (*pid <= 0) continue;
        kill(*pid, SIGKILL);  // immediate: a half-sentence is fine, a late one is not
        dying_.push_back(*pid);
        *pid = -1;
    }
    reap(false);
}

void Speech::reap(bool is_blocking) {
    for (auto it = dying_.begin(); it != dying_.end();) {
        int status = 0;
        const pid_t done = waitpid(*it, &status, is_blocking ? 0 : WNOHANG);
        if (done == 0) {
            ++it;
        } else {
            it = dying_.erase(it);  // reaped, or not ours any more (ECHILD)
        }
    }
    for (pid_t* pid : {&espeak_pid_, &player_pid_}) {
        if (*pid <= 0) continue;
        int status = 0;
        const pid_t done = waitpid(*pid, &status, is_blocking ? 0 : WNOHANG);
        if (done == 0) continue;
        const bool is_player = pid == &player_pid_;
        if (done == *pid && WIFEXITED(status) && WEXITSTATUS(status) != 0) {
            if (is_player) {
                log_once(has_logged_player_, config_.player + " exited with status " +
                                                 std::to_string(WEXITSTATUS(status)) +
                                                 " (no sound device?); read-aloud stays silent");
            } else {
                log_once(has_logged_failure_, config_.espeak + " exited with status " +
                                                  std::to_string(WEXITSTATUS(status)));
            }
        }
        *pid = -1;
    }
}

bool Speech::is_speaking() {
    reap(false);
    return espeak_pid_ > 0 || player_pid_ > 0;
}

bool Speech::wait_ms(int timeout_ms) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (is_speaking()) {
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

void Speech::say(const std::string& text, const std::string& language) {
    stop();
    if (text.empty()) return;
    const std::string voice = voice_for_language(language);

    // Straight to a file, or to the sound device through espeak-ng's own audio output when
    // there is no player: one process.
    const auto spawn_alone = [&](bool to_stdout) {
        FileActions actions;
        posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        quiet_stderr(actions);
        const pid_t pid =
            spawn(config_.espeak, espeak_arguments(config_, voice, text, to_stdout), actions);
        if (pid == -ENOENT) {
            log_once(has_logged_missing_, config_.espeak +
                                              " is not installed (apt-get install espeak-ng); "
                                              "the speaker button does nothing");
        } else if (pid < 0) {
            log_once(has_logged_failure_,
                     "could not start " + config_.espeak + ": " + std::strerror(-pid));
        } else {
            espeak_pid_ = pid;
        }
    };
    if (config_.wav_path || config_.player.empty()) {
        spawn_alone(false);
        return;
    }

    // espeak-ng --stdout | aplay -q: aplay finds the ALSA (or PulseAudio/PipeWire) device the
    // desktop uses; espeak-ng's own output depends on how it was built.
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
        log_once(has_logged_failure_, std::string("no pipe: ") + std::strerror(errno));
        return;
    }
    FileActions player_actions;
    posix_spawn_file_actions_adddup2(player_actions.get(), pipe_fds[0], STDIN_FILENO);
    quiet_stderr(player_actions);
    const pid_t player = spawn(config_.player, {"-q"}, player_actions);
    close(pipe_fds[0]);
    if (player < 0) {
        close(pipe_fds[1]);
        log_once(has_logged_player_, config_.player + " is not available (" +
                                         std::strerror(-player) + "); espeak-ng plays on its own");
        config_.player.clear();
        spawn_alone(false);
        return;
    }
    player_pid_ = player;
    FileActions espeak_actions;
    posix_spawn_file_actions_addopen(espeak_actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(espeak_actions.get(), pipe_fds[1], STDOUT_FILENO);
    quiet_stderr(espeak_actions);
    const pid_t espeak =
        spawn(config_.espeak, espeak_arguments(config_, voice, text, true), espeak_actions);
    close(pipe_fds[1]);  // aplay sees end of file when espeak-ng exits (or never started)
    if (espeak == -ENOENT) {
        log_once(has_logged_missing_, config_.espeak +
                                          " is not installed (apt-get install espeak-ng); the "
                                          "speaker button does nothing");
    } else if (espeak < 0) {
        log_once(has_logged_failure_,
                 "could not start " + config_.espeak + ": " + std::strerror(-espeak));
    } else {
        espeak_pid_ = espeak;
    }
    if (espeak_pid_ <= 0) stop();  // the player would wait on an empty pipe for nothing
}

}  // namespace standpoint::app

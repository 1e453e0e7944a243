// Read-aloud (kiosk/app/speech.hpp): the argv handed to espeak-ng, the voice per language, and the
// real espeak-ng writing a WAV file (skipped with a message where espeak-ng is not installed).
#include "kiosk/app/speech.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

using namespace standpoint;
using namespace standpoint::app;

namespace {

bool is_on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::string paths = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= paths.size()) {
        std::size_t end = paths.find(':', start);
        if (end == std::string::npos) end = paths.size();
        const std::filesystem::path candidate =
            std::filesystem::path(paths.substr(start, end - start)) / program;
        if (access(candidate.c_str(), X_OK) == 0) return true;
        start = end + 1;
    }
    return false;
}

struct TempWav {
    std::filesystem::path path;
    TempWav() {
        path =
            std::filesystem::temp_directory_path() /
            ("standpoint-speech-" + std::to_string(::getpid()) + "-" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".wav");
    }
    ~TempWav() {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
    }
};

}  // namespace

TEST_CASE("each survey language gets its espeak-ng voice, English in the British voice") {
    CHECK(voice_for_language("en") == "en-gb");
    CHECK(voice_for_language("cy") == "cy");
    CHECK(voice_for_language("pl") == "pl");
    CHECK(voice_for_language("ur") == "ur");
    CHECK(voice_for_language("") == "en-gb");
}

TEST_CASE("survey text with quotes goes to espeak-ng as one argument, after the options") {
    const SpeechConfig config;
    const std::string text = R"(Say "yes"; or 'no' $(rm -rf /) `id`)";
    const std::vector<std::string> arguments = espeak_arguments(config, "cy", text, true);
    const std::vector<std::string> expected{"-v", "cy", "-s", "150", "--stdout", text};
    CHECK(arguments == expected);
}

TEST_CASE("text that starts with a dash is not read as an espeak-ng option") {
    const std::vector<std::string> arguments =
        espeak_arguments(SpeechConfig{}, "en-gb", "-w /tmp/x", true);
    REQUIRE_FALSE(arguments.empty());
    CHECK(arguments.back() == " -w /tmp/x");
}

TEST_CASE("with a WAV path espeak-ng writes the file instead of playing") {
    SpeechConfig config;
    config.wav_path = "/tmp/out.wav";
    const std::vector<std::string> expected{"-v", "pl", "-s", "150", "-w", "/tmp/out.wav", "Tak"};
    CHECK(espeak_arguments(config, "pl", "Tak", true) == expected);
}

TEST_CASE("a missing espeak-ng is a quiet no-op") {
    SpeechConfig config;
    config.espeak = "standpoint-no-such-espeak";
    Speech speech(config);
    speech.say("Hello", "en");
    CHECK_FALSE(speech.is_speaking());
    speech.say("Hello again", "en");  // logged once, still nothing
    CHECK_FALSE(speech.is_speaking());
}

TEST_CASE("the real espeak-ng reads a Welsh question into a non-empty WAV file") {
    if (!is_on_path("espeak-ng")) {
        MESSAGE("SKIPPED: espeak-ng is not installed (scripts/setup installs it)");
        return;
    }
    TempWav wav;
    SpeechConfig config;
    config.wav_path = wav.path.string();
    Speech speech(config);
    speech.say("Sut oedd eich ymweliad â'r digwyddiad heddiw?", "cy");
    REQUIRE(speech.wait_ms(20000));
    REQUIRE(std::filesystem::exists(wav.path));
    // A RIFF header is 44 bytes; a spoken sentence is tens of kilobytes.
    CHECK(std::filesystem::file_size(wav.path) > 1000);
}

TEST_CASE("a new utterance stops the one before, and stop() is immediate") {
    if (!is_on_path("espeak-ng")) {
        MESSAGE("SKIPPED: espeak-ng is not installed");
        return;
    }
    Speech speech;  // to the sound device through aplay: there may be none, which is fine
    std::string long_text;
    for (int i = 0; i < 200; ++i) long_text += "This is a long sentence to keep the voice busy. ";
    speech.say(long_text, "en");
    speech.say(long_text, "en");
    const auto before = std::chrono::steady_clock::now();
    speech.stop();
    CHECK_FALSE(speech.is_speaking());
    CHECK(std::chrono::steady_clock::now() - before < std::chrono::milliseconds(500));
}

TEST_CASE("without a sound device the speaker finishes quietly") {
    if (!is_on_path("espeak-ng") || !is_on_path("aplay")) {
        MESSAGE("SKIPPED: espeak-ng or aplay is not installed");
        return;
    }
    Speech speech;
    speech.say("Hello", "en");
    CHECK(speech.wait_ms(20000));  // aplay fails or plays; either way the children end
}

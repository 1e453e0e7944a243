// standpoint: the kiosk executable. Dispatches the command line; the work is in kiosk_command.cpp
// (the kiosk) and check_survey_command.cpp (the survey checker).
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "kiosk/app/check_survey_command.hpp"
#include "kiosk/app/cli.hpp"
#include "kiosk/app/export_command.hpp"
#include "kiosk/app/kiosk_command.hpp"
#include "kiosk/app/set_pin_command.hpp"
#include "kiosk/app/survey_command.hpp"
#include "kiosk/app/sync_command.hpp"

#ifndef STANDPOINT_VERSION
#define STANDPOINT_VERSION "unknown"
#endif

int main(int argc, char** argv) {
    using namespace standpoint::app;
    const auto process_started = std::chrono::steady_clock::now();
    const std::vector<std::string> command_line(argv, argv + argc);
    const std::vector<std::string> args(command_line.begin() + (argc > 0 ? 1 : 0),
                                        command_line.end());

    const auto command = parse_command_line(args);
    if (!command) {
        std::cerr << "standpoint: " << command.error().message << '\n';
        return exit_usage;
    }
    if (std::holds_alternative<HelpCommand>(*command)) {
        std::cout << help_text("standpoint");
        return exit_ok;
    }
    if (std::holds_alternative<VersionCommand>(*command)) {
        std::cout << "standpoint " << STANDPOINT_VERSION << '\n';
        return exit_ok;
    }
    if (const auto* check = std::get_if<CheckSurveyCommand>(&*command))
        return run_check_survey(check->files, std::cout, std::cerr);
    if (const auto* sync = std::get_if<SyncCommand>(&*command))
        return run_sync_once(*sync, std::cout, std::cerr);
    if (const auto* status = std::get_if<StatusCommand>(&*command))
        return run_status(*status, std::cout, std::cerr);
    if (const auto* export_command = std::get_if<ExportCommand>(&*command))
        return run_export_command(*export_command, std::cout, std::cerr);
    if (const auto* survey = std::get_if<SurveyCommand>(&*command))
        return run_survey_command(*survey, std::cout, std::cerr);
    if (const auto* set_pin = std::get_if<SetPinCommand>(&*command))
        return run_set_pin_command(*set_pin, std::cin, std::cout, std::cerr);
    return run_kiosk(std::get<KioskOptions>(*command), command_line, process_started);
}

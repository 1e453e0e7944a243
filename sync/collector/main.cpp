// standpoint-collector: the reference server kiosks sync to (docs/collector.md).
#include <httplib.h>
#include <malloc.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/sha256.hpp"
#include "sync/collector/collector_key.hpp"
#include "sync/collector/collector_store.hpp"
#include "sync/collector/console/add_user_command.hpp"
#include "sync/collector/console/console_routes.hpp"
#include "sync/collector/survey_route.hpp"
#include "sync/collector/import_command.hpp"
#include "sync/collector/server.hpp"
#include "sync/protocol/signature.hpp"

namespace standpoint {
namespace {

constexpr const char* usage =
    "usage: standpoint-collector serve --listen HOST:PORT [--db PATH | --pg CONNINFO] [--key FILE]\n"
    "           [--max-connections N] [--max-connections-per-address N]\n"
    "       standpoint-collector add-device NAME [--device-id UUID] [--db PATH | --pg CONNINFO]\n"
    "       standpoint-collector stats [--db PATH | --pg CONNINFO]\n"
    "       standpoint-collector export --format csv|jsonl [--db PATH | --pg CONNINFO]\n"
    "       standpoint-collector add-device NAME --device-id UUID --public-key HEX [...]\n"
    "       standpoint-collector import DIR [--add-device NAME] [--accept-device] [--key FILE]\n"
    "                                       [--db PATH | --pg CONNINFO]\n"
    "       standpoint-collector public-key [--key FILE] [--db PATH]\n"
    "       standpoint-collector signing-key [--key FILE] [--db PATH]\n"
    "       standpoint-collector set-device-key UUID HEX [--db PATH | --pg CONNINFO]\n"
    "       standpoint-collector add-user NAME --role admin|viewer [--db PATH | --pg CONNINFO]\n"
    "--key: the collector's key pair (default: standpoint-collector.key beside the database).\n"
    "PORT 0 picks a free port; the chosen address is printed as 'listening on HOST:PORT'.\n";

struct Options {
    std::string command;
    std::vector<std::string> positional;
    std::string listen = "127.0.0.1:8080";
    std::string db = "standpoint-collector.db";
    std::string pg;
    std::string device_id;
    std::string format;
    std::string add_device_name;
    std::string role;  // add-user
    std::string public_key;
    std::string key_file;
    bool accept_device = false;
    std::size_t max_connections = 0;  // 0: CollectorLimits' default
    std::size_t max_per_address = 0;
};

Result<Options> parse(int argc, char** argv) {
    if (argc < 2) return Error{usage};
    Options options;
    options.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](std::string& out) -> bool {
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        bool ok = true;
        if (arg == "--listen") {
            ok = value(options.listen);
        } else if (arg == "--db") {
            ok = value(options.db);
        } else if (arg == "--pg") {
            ok = value(options.pg);
        } else if (arg == "--device-id") {
            ok = value(options.device_id);
        } else if (arg == "--format") {
            ok = value(options.format);
        } else if (arg == "--role") {
            ok = value(options.role);
        } else if (arg == "--add-device") {
            ok = value(options.add_device_name);
        } else if (arg == "--public-key") {
            ok = value(options.public_key);
        } else if (arg == "--key") {
            ok = value(options.key_file);
        } else if (arg == "--accept-device") {
            options.accept_device = true;
        } else if (arg == "--max-connections" || arg == "--max-connections-per-address") {
            std::string number;
            ok = value(number) && std::atoi(number.c_str()) > 0;
            (arg == "--max-connections" ? options.max_connections : options.max_per_address) =
                static_cast<std::size_t>(std::atoi(number.c_str()));
        } else if (!arg.empty() && arg[0] == '-') {
            return Error{"unknown option " + arg + "\n" + usage};
        } else {
            options.positional.push_back(arg);
        }
        if (!ok) return Error{arg + " needs a value\n" + usage};
    }
    return options;
}

Result<std::unique_ptr<CollectorStore>> open_store(const Options& options) {
    auto connection = options.pg.empty() ? open_sqlite(options.db) : open_postgresql(options.pg);
    if (!connection) return connection.error();
    return CollectorStore::open(std::move(connection).value());
}

// CSV cells that a spreadsheet would run as a formula get a leading apostrophe.
std::string csv_cell(const std::string& text) {
    std::string cell = text;
    if (!cell.empty() && std::strchr("=+-@\t\r", cell[0]) != nullptr) cell.insert(0, "'");
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

int serve(const Options& options, CollectorStore& store,
          const std::filesystem::path& collector_key_file) {
    const auto colon = options.listen.rfind(':');
    if (colon == std::string::npos) {
        std::fprintf(stderr, "--listen wants HOST:PORT\n");
        return 2;
    }
    const std::string host = options.listen.substr(0, colon);
    const int port = std::atoi(options.listen.c_str() + colon + 1);
    // Body buffers (up to 16 MiB) always from mmap, so freeing one gives its memory back: with
    // glibc's sliding threshold they would come from per-thread heaps that keep it, and the
    // resident size would creep up with every thread that ever held a large body.
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_ARENA_MAX, 4);
    CollectorLimits limits;
    if (options.max_connections > 0) limits.max_connections = options.max_connections;
    if (options.max_per_address > 0) limits.max_connections_per_address = options.max_per_address;
    const auto server_owner = make_collector_server(store, limits);
    httplib::Server& server = *server_owner;
    // Surveys out to kiosks are signed with the collector's key, made on first use.
    auto sealing_key = load_or_make_collector_key(collector_key_file);
    auto signing_key = sealing_key ? collector_signing_key(*sealing_key) : sealing_key.error();
    if (!signing_key) {
        std::fprintf(stderr, "standpoint-collector: %s\n", signing_key.error().message.c_str());
        return 1;
    }
    install_survey_route(server, store, *signing_key);
    console::install_console_routes(server, store, collector_key_file,
                                    signing_key->public_key_hex());  // the web console (docs/console.md)

    // SIGINT/SIGTERM stop the server cleanly: in-flight batches finish (and commit) first.
    std::signal(SIGPIPE, SIG_IGN);  // a kiosk hanging up mid-answer must not stop the server
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    const int bound =
        port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
    if (bound < 0) {
        std::fprintf(stderr, "standpoint-collector: cannot listen on %s\n", options.listen.c_str());
        return 1;
    }
    std::printf("listening on %s:%d epoch=%s\n", host.c_str(), bound, store.epoch().c_str());
    std::fflush(stdout);
    std::thread stopper([&] {
        int signal_number = 0;
        sigwait(&signals, &signal_number);
        server.stop();
    });
    const bool ok = server.listen_after_bind();
    if (!ok) std::fprintf(stderr, "standpoint-collector: the server stopped with an error\n");
    // listen returns when stop() was called; if it returned for another reason, wake the stopper.
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
    return 0;
}

int run(int argc, char** argv) {
    auto parsed = parse(argc, argv);
    if (!parsed) {
        std::fprintf(stderr, "%s", parsed.error().message.c_str());
        return 2;
    }
    const Options& options = *parsed;
    if (options.command != "serve" && options.command != "add-device" &&
        options.command != "stats" && options.command != "export" &&
        options.command != "import" && options.command != "add-user" &&
        options.command != "public-key" && options.command != "signing-key" &&
        options.command != "set-device-key") {
        std::fprintf(stderr, "%s", usage);
        return 2;
    }
    const std::filesystem::path key_file =
        !options.key_file.empty() ? std::filesystem::path(options.key_file)
                                  : default_collector_key_path(options.pg.empty() ? options.db : "");
    // Needs no database: the key pair kiosks seal personal data to, made on first use.
    if (options.command == "public-key") {
        auto key = load_or_make_collector_key(key_file);
        if (!key) {
            std::fprintf(stderr, "standpoint-collector: %s\n", key.error().message.c_str());
            return 1;
        }
        std::printf("%s\n", key->public_key_hex().c_str());
        return 0;
    }
    // The public half of the key surveys sent to kiosks are signed with (sync.json's
    // collector_signing_key on a kiosk).
    if (options.command == "signing-key") {
        auto key = load_or_make_collector_key(key_file);
        auto signing = key ? collector_signing_key(*key) : key.error();
        if (!signing) {
            std::fprintf(stderr, "standpoint-collector: %s\n", signing.error().message.c_str());
            return 1;
        }
        std::printf("%s\n", signing->public_key_hex().c_str());
        return 0;
    }
    auto store = open_store(options);
    if (!store) {
        std::fprintf(stderr, "standpoint-collector: %s\n", store.error().message.c_str());
        return 1;
    }
    if (options.command == "serve") return serve(options, **store, key_file);
    if (options.command == "import") {
        if (options.positional.size() != 1) {
            std::fprintf(stderr, "%s", usage);
            return 2;
        }
        return run_import_command(**store, {options.positional[0], options.add_device_name,
                                            options.accept_device, key_file});
    }
    if (options.command == "set-device-key") {
        if (options.positional.size() != 2 || !is_uuid(options.positional[0]) ||
            !is_public_key_hex(options.positional[1])) {
            std::fprintf(stderr, "set-device-key wants the device id (a lower-case UUID) and its "
                                 "public key (64 lower-case hex digits, from `standpoint status` "
                                 "on the kiosk)\n");
            return 2;
        }
        if (Status set = (*store)->set_device_public_key(options.positional[0], options.positional[1],
                                                         "set by staff (set-device-key)");
            !set) {
            std::fprintf(stderr, "standpoint-collector: %s\n", set.error().message.c_str());
            return 1;
        }
        std::printf("device %s now signs with key %s\n", options.positional[0].c_str(),
                    options.positional[1].c_str());
        return 0;
    }

    if (options.command == "add-user") {
        if (options.positional.size() != 1) {
            std::fprintf(stderr, "%s", usage);
            return 2;
        }
        return console::run_add_user_command(**store, options.positional[0], options.role);
    }

    if (options.command == "add-device") {
        if (options.positional.size() != 1) {
            std::fprintf(stderr, "%s", usage);
            return 2;
        }
        if (!options.device_id.empty() && !is_uuid(options.device_id)) {
            std::fprintf(stderr, "--device-id must be a lower-case UUID\n");
            return 2;
        }
        if (!options.public_key.empty() &&
            (options.device_id.empty() || !is_public_key_hex(options.public_key))) {
            std::fprintf(stderr, "--public-key needs --device-id, and 64 lower-case hex digits "
                                 "(the kiosk's key, from `standpoint status`)\n");
            return 2;
        }
        auto token = random_hex(32);
        if (!token) {
            std::fprintf(stderr, "%s\n", token.error().message.c_str());
            return 1;
        }
        if (Status added =
                (*store)->add_device(options.positional[0], sha256_hex(*token), options.device_id);
            !added) {
            std::fprintf(stderr, "standpoint-collector: %s\n", added.error().message.c_str());
            return 1;
        }
        if (!options.public_key.empty()) {
            if (Status keyed = (*store)->set_device_public_key(options.device_id, options.public_key,
                                                               "given to add-device");
                !keyed) {
                std::fprintf(stderr, "standpoint-collector: %s\n", keyed.error().message.c_str());
                return 1;
            }
        }
        // Printed once: only its SHA-256 is kept.
        std::printf("%s\n", token->c_str());
        return 0;
    }

    if (options.command == "stats") {
        auto stats = (*store)->stats();
        if (!stats) {
            std::fprintf(stderr, "standpoint-collector: %s\n", stats.error().message.c_str());
            return 1;
        }
        std::printf("epoch %s\ndevices %lld\nresponses %lld\nconflicts %lld\nsurveys %lld\n",
                    (*store)->epoch().c_str(), static_cast<long long>(stats->devices),
                    static_cast<long long>(stats->responses),
                    static_cast<long long>(stats->conflicts),
                    static_cast<long long>(stats->surveys));
        for (const auto& device : stats->per_device) {
            std::printf("device %s %s responses %lld watermark %lld\n", device.name.c_str(),
                        device.device_id.empty() ? "(unbound)" : device.device_id.c_str(),
                        static_cast<long long>(device.responses),
                        static_cast<long long>(device.max_contiguous_seq));
        }
        return 0;
    }

    // export
    if (options.format != "csv" && options.format != "jsonl") {
        std::fprintf(stderr, "export needs --format csv or --format jsonl\n");
        return 2;
    }
    auto rows = (*store)->all_responses();
    if (!rows) {
        std::fprintf(stderr, "standpoint-collector: %s\n", rows.error().message.c_str());
        return 1;
    }
    if (options.format == "jsonl") {
        for (const StoredRecord& row : *rows) {
            std::cout << response_record_to_json(row.record, true)
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                      << '\n';
        }
        return 0;
    }
    std::cout << "id,device_id,seq,survey_id,survey_version,event,started_at,completed_at,"
                 "utc_offset_minutes,language,status,answers_json,sha256,received_at\r\n";
    for (const StoredRecord& row : *rows) {
        const ResponseRecord& r = row.record;
        const std::vector<std::string> cells{r.id,
                                             r.device_id,
                                             std::to_string(r.seq),
                                             r.survey.id,
                                             std::to_string(r.survey.version),
                                             r.event_id,
                                             r.started_at,
                                             r.completed_at,
                                             std::to_string(r.utc_offset_minutes),
                                             r.language,
                                             r.status,
                                             r.answers_json,
                                             r.sha256,
                                             row.received_at};
        for (std::size_t i = 0; i < cells.size(); ++i) {
            std::cout << (i ? "," : "") << csv_cell(cells[i]);
        }
        std::cout << "\r\n";
    }
    return 0;
}

}  // namespace
}  // namespace standpoint

int main(int argc, char** argv) { return standpoint::run(argc, argv); }

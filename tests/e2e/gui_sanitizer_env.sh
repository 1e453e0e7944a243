# Sourced by the Xvfb end-to-end scripts: sets the array gui_env for starting the real kiosk.
# Under AddressSanitizer, the GL stack (libglvnd, Mesa's swrast driver, its vendor libraries) is
# dlclose()d at exit, and what it still holds is reported as leaked from "<unknown module>": no
# suppression can name it, and which library it is varies from run to run. So leak checking is off
# for the GUI process only; every other ASan/UBSan check stays on, and our own code's leaks are
# still checked by the headless UI, core, store and sync suites, which run without GL.
gui_env=()
# grep reads all of ldd's output: with -q it may exit first, ldd dies of SIGPIPE, and under
# pipefail the test would then (now and then, on a loaded machine) run without this.
if ldd "$standpoint" 2>/dev/null | grep libasan >/dev/null; then
    gui_env=(ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=0")
fi

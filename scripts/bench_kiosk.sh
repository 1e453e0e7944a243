#!/usr/bin/env bash
# Measures the kiosk under Xvfb (1920x1080): cold start to first frame (a reboot: existing data,
# page cache dropped when run as root), idle CPU on the attract screen, peak RSS (VmHWM), PSS
# and the software GL driver's share of it. Next to them, the floors: the same cold start and PSS
# of tests/bench/first_frame_floor (one frame through the same GLFW and GL driver, nothing else),
# and a cold `cat` of the kiosk binary and every shared library it loads.
#   scripts/bench_kiosk.sh [path/to/standpoint] [idle seconds, default 30] [path/to/first_frame_floor]
# With STANDPOINT_START_TRACE=1 the cold start's steps are printed too (kiosk/app/start_trace.hpp).
# The data folder holds BENCH_KIOSK_RESPONSES varied responses (default 10,000; made by
# scripts/bench_seed_store.sh from the same build), as a kiosk rebooted after an event would:
# opening the store reads all of it (quick_check).
# Cold start is given twice: the kiosk's own "first frame after N ms" (from main()), and from
# the moment this script launched the process until that line appeared (includes exec and
# dynamic linking). CPU is utime+stime from /proc/PID/stat, in % of one core.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
standpoint="${1:-$root/build/kiosk/app/standpoint}"
idle_s="${2:-30}"
floor_bin="${3:-$(dirname "$standpoint")/../../tests/first_frame_floor}"

for tool in xvfb-run; do
    command -v "$tool" >/dev/null || { echo "bench_kiosk: $tool is missing (scripts/setup)" >&2; exit 1; }
done
[ -x "$standpoint" ] || { echo "bench_kiosk: no binary at $standpoint (build it: scripts/kiosk builds build/)" >&2; exit 1; }

if [ -z "${STANDPOINT_BENCH_IN_XVFB:-}" ]; then
    exec xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
        env STANDPOINT_BENCH_IN_XVFB=1 bash "$0" "$standpoint" "$idle_s" "$floor_bin"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/standpoint-bench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"' EXIT

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# PSS of a process in kB, all of it and the software GL driver's share (Mesa llvmpipe: libLLVM,
# libgallium/swrast, the DRI loader); sets pss_kb, driver_kb.
read_pss() {
    pss_kb=$(awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup")
    driver_kb=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { mapped = $6 } /^Pss:/ && mapped ~ /LLVM|gallium|swrast|dri|mesa|libGLX|libEGL|libgbm/ { s += $2 } END { print s + 0 }' "/proc/$1/smaps")
}

drop_page_cache() {
    [ -w /proc/sys/vm/drop_caches ] || return 1
    sync
    echo 3 >/proc/sys/vm/drop_caches
}

# Starts a program (the kiosk, or the floor) and waits for its first frame; sets pid,
# internal_ms, external_ms.
start_program() {
    : >"$work/app.log"
    launched_ns=$(date +%s%N)
    "$@" 2>"$work/app.log" &
    pid=$!
    for ((i = 0; i < 1000; i++)); do
        grep -q '^first frame after' "$work/app.log" && break
        kill -0 "$pid" 2>/dev/null || { cat "$work/app.log" >&2; echo "bench_kiosk: the kiosk exited" >&2; exit 1; }
        sleep 0.01
    done
    seen_ns=$(date +%s%N)
    grep -q '^first frame after' "$work/app.log" || { cat "$work/app.log" >&2; echo "bench_kiosk: no first frame in 10 s" >&2; exit 1; }
    internal_ms=$(grep -m1 '^first frame after' "$work/app.log" | awk '{ print $4 }')
    external_ms=$(( (seen_ns - launched_ns) / 1000000 ))
}

start_kiosk() {
    start_program "$standpoint" --survey "$root/assets/surveys/gala-feedback.json" --data "$work/data"
}

# A kiosk reboot: the data folder exists (a first run made it), and nothing is in the page cache
# (dropped when this user may: root). Otherwise the start is a warm one, and says so.
responses="${BENCH_KIOSK_RESPONSES:-10000}"
if [ "$responses" -gt 0 ]; then
    "$root/scripts/bench_seed_store.sh" "$(dirname "$standpoint")/../.." "$work/data" "$responses" >/dev/null
fi
start_kiosk
kill -TERM "$pid"; wait "$pid" || true; pid=""
cache="warm page cache"
drop_page_cache && cache="page cache dropped"
start_kiosk
kiosk_internal_ms=$internal_ms kiosk_external_ms=$external_ms
start_steps=$(grep '^start: ' "$work/app.log" || true)

# The attract screen animates for 12 s after it appears (docs/accessibility.md), then dims and
# draws nothing until touched: the measured window is that idle, dimmed screen.
settle_s="${STANDPOINT_BENCH_SETTLE_S:-14}"
sleep "$settle_s"
ticks_before=$(cpu_ticks "$pid")
sleep "$idle_s"
ticks_after=$(cpu_ticks "$pid")
kill -0 "$pid" 2>/dev/null || { echo "bench_kiosk: the kiosk exited during the idle window" >&2; exit 1; }
hwm_kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
read_pss "$pid"
kiosk_pss_kb=$pss_kb kiosk_driver_kb=$driver_kb
rss_kb=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
threads=$(awk '/^Threads/ { print $2 }' "/proc/$pid/status")

idle_ticks=$((ticks_after - ticks_before))
idle_pct=$(awk -v t="$idle_ticks" -v hz="$hz" -v s="$idle_s" 'BEGIN { printf "%.2f", 100 * t / hz / s }')

kill -TERM "$pid"
wait "$pid" || true
pid=""

# The floors. The same cold start (warm run first, then the cache dropped) and PSS of the least
# program that draws one frame through the same driver...
floor_text="no floor program at $floor_bin (build the target first_frame_floor)"
if [ -x "$floor_bin" ]; then
    start_program "$floor_bin"
    kill -TERM "$pid"; wait "$pid" || true; pid=""
    drop_page_cache || true
    start_program "$floor_bin"
    floor_internal_ms=$internal_ms floor_external_ms=$external_ms
    sleep 2
    read_pss "$pid"
    floor_pss_kb=$pss_kb floor_driver_kb=$driver_kb
    kill -TERM "$pid"; wait "$pid" || true; pid=""
    floor_text="${floor_internal_ms} ms from main(), ${floor_external_ms} ms from launch; PSS $((floor_pss_kb / 1024)) MiB, of it the driver $((floor_driver_kb / 1024)) MiB"
fi
# ...and reading the kiosk's binary and its libraries (the files ld.so maps; the GL driver, which
# GLX loads later with dlopen, is in the floor program's figure) from a cold cache.
mapfile -t libs < <(ldd "$standpoint" | awk '$3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
drop_page_cache || true
cat_started_ns=$(date +%s%N)
cat "$standpoint" "${libs[@]}" >/dev/null
cat_ms=$(( ($(date +%s%N) - cat_started_ns) / 1000000 ))
cat_mib=$(( $(cat "$standpoint" "${libs[@]}" | wc -c) / 1048576 ))

echo "standpoint bench (Xvfb 1920x1080, $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
echo "cold start to first frame (existing data: ${responses} responses, $(( $(stat -c %s "$work/data/standpoint.db") / 1048576 )) MiB store; ${cache}): ${kiosk_internal_ms} ms from main(), ${kiosk_external_ms} ms from launch"
echo "figure cold_start_ms ${kiosk_external_ms}"
[ -n "$start_steps" ] && echo "$start_steps"
echo "floor: one frame through the same GLFW and driver, cold: ${floor_text}"
echo "floor: cold cat of the binary and its ${#libs[@]} libraries (${cat_mib} MiB): ${cat_ms} ms"
[ -n "${floor_external_ms:-}" ] && echo "floor cold_start_floor_ms ${floor_external_ms}"
[ -n "${floor_pss_kb:-}" ] && echo "floor pss_floor_mib $((floor_pss_kb / 1024))"
echo "floor cat_binary_libs_ms ${cat_ms}"
echo "idle CPU on the dimmed attract screen (from ${settle_s} s after the first frame) over ${idle_s} s: ${idle_pct} % of one core (${idle_ticks} ticks at ${hz} Hz)"
echo "peak RSS (VmHWM): $((hwm_kb / 1024)) MiB (${hwm_kb} kB); RSS at the end of idle: $((rss_kb / 1024)) MiB"
echo "PSS after load: $((kiosk_pss_kb / 1024)) MiB, of it the software GL driver $((kiosk_driver_kb / 1024)) MiB; ${threads} threads"
echo "figure pss_mib $((kiosk_pss_kb / 1024))"
echo "figure pss_driver_mib $((kiosk_driver_kb / 1024))"

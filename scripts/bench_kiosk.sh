#!/usr/bin/env bash
# Measures the kiosk under Xvfb (1920x1080): cold start to first frame (a reboot: existing data,
# page cache dropped when run as root), idle CPU on the attract screen, peak RSS (VmHWM), PSS
# and the software GL driver's share of it.
#   scripts/bench_kiosk.sh [path/to/standpoint] [idle seconds, default 30]
# Cold start is given twice: the kiosk's own "first frame after N ms" (from main()), and from
# the moment this script launched the process until that line appeared (includes exec and
# dynamic linking). CPU is utime+stime from /proc/PID/stat, in % of one core.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
standpoint="${1:-$root/build/kiosk/app/standpoint}"
idle_s="${2:-30}"

for tool in xvfb-run; do
    command -v "$tool" >/dev/null || { echo "bench_kiosk: $tool is missing (scripts/setup)" >&2; exit 1; }
done
[ -x "$standpoint" ] || { echo "bench_kiosk: no binary at $standpoint (build it: scripts/kiosk builds build/)" >&2; exit 1; }

if [ -z "${STANDPOINT_BENCH_IN_XVFB:-}" ]; then
    exec xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
        env STANDPOINT_BENCH_IN_XVFB=1 bash "$0" "$standpoint" "$idle_s"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/standpoint-bench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"' EXIT

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# Starts the kiosk and waits for its first frame; sets pid, internal_ms, external_ms.
start_kiosk() {
    : >"$work/app.log"
    launched_ns=$(date +%s%N)
    "$standpoint" --survey "$root/assets/surveys/gala-feedback.json" --data "$work/data" 2>"$work/app.log" &
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

# A kiosk reboot: the data folder exists (a first run made it), and nothing is in the page cache
# (dropped when this user may: root). Otherwise the start is a warm one, and says so.
start_kiosk
kill -TERM "$pid"; wait "$pid" || true; pid=""
cache="warm page cache"
if [ -w /proc/sys/vm/drop_caches ]; then
    sync; echo 3 >/proc/sys/vm/drop_caches; cache="page cache dropped"
fi
start_kiosk

# The attract screen animates for 12 s after it appears (docs/accessibility.md), then dims and
# draws nothing until touched: the measured window is that idle, dimmed screen.
settle_s="${STANDPOINT_BENCH_SETTLE_S:-14}"
sleep "$settle_s"
ticks_before=$(cpu_ticks "$pid")
sleep "$idle_s"
ticks_after=$(cpu_ticks "$pid")
kill -0 "$pid" 2>/dev/null || { echo "bench_kiosk: the kiosk exited during the idle window" >&2; exit 1; }
hwm_kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
pss_kb=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup")
# The software GL driver's share (Mesa llvmpipe: libLLVM, libgallium/swrast, the DRI loader).
driver_kb=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { mapped = $6 } /^Pss:/ && mapped ~ /LLVM|gallium|swrast|dri|mesa|libGLX|libEGL|libgbm/ { s += $2 } END { print s + 0 }' "/proc/$pid/smaps")
rss_kb=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")

idle_ticks=$((ticks_after - ticks_before))
idle_pct=$(awk -v t="$idle_ticks" -v hz="$hz" -v s="$idle_s" 'BEGIN { printf "%.2f", 100 * t / hz / s }')

kill -TERM "$pid"
wait "$pid" || true
pid=""

echo "standpoint bench (Xvfb 1920x1080, $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
echo "cold start to first frame (existing data, ${cache}): ${internal_ms} ms from main(), ${external_ms} ms from launch"
echo "figure cold_start_ms ${external_ms}"
echo "idle CPU on the dimmed attract screen (from ${settle_s} s after the first frame) over ${idle_s} s: ${idle_pct} % of one core (${idle_ticks} ticks at ${hz} Hz)"
echo "peak RSS (VmHWM): $((hwm_kb / 1024)) MiB (${hwm_kb} kB); RSS at the end of idle: $((rss_kb / 1024)) MiB"
echo "PSS after load: $((pss_kb / 1024)) MiB, of it the software GL driver $((driver_kb / 1024)) MiB"
echo "figure pss_mib $((pss_kb / 1024))"
echo "figure pss_driver_mib $((driver_kb / 1024))"

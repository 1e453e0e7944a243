#!/usr/bin/env bash
# scripts/install-kiosk-session --dry-run --root TMP: every file and link it writes, the session
# script's exit status (Quit = 0 stays stopped, a crash restarts) with a fake cage and kiosk,
# and the unit through `systemd-analyze verify` where that exists.
# usage: install_kiosk_session_test.sh SOURCE_DIR KIOSK_BINARY
set -euo pipefail
source_dir=$1
binary=$2
work=$(mktemp -d /tmp/standpoint-session-XXXXXX)
trap 'rm -rf "$work"' EXIT
root="$work/root"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
has() { grep -qF -- "$2" "$root$1" || fail "$1 lacks: $2"; }

# ---- the dry run -----------------------------------------------------------------------------
out=$("$source_dir/scripts/install-kiosk-session" --dry-run --root "$root" --binary "$binary")
echo "$out"
for command in "apt-get install -y --no-install-recommends cage xwayland udisks2 polkitd dbus" \
               "useradd --system --user-group --home-dir /var/lib/standpoint --no-create-home --shell /usr/sbin/nologin" \
               "passwd --lock standpoint" "systemctl mask ctrl-alt-del.target" \
               "systemctl set-default graphical.target" "systemctl enable standpoint-kiosk.service" \
               "sysctl --load /etc/sysctl.d/90-standpoint-kiosk.conf"; do
    grep -qF -- "dry run: would run: $command" <<<"$out" || fail "the dry run does not say it would run: $command"
done
# Nothing outside the root: the commands were only printed.
! id standpoint >/dev/null 2>&1 || echo "note: a user 'standpoint' exists on this machine (not made by this test)"

unit=/etc/systemd/system/standpoint-kiosk.service
for line in "User=standpoint" "PAMName=login" "TTYPath=/dev/tty1" "StandardInput=tty-fail" \
            "Conflicts=getty@tty1.service" "ExecStart=/usr/local/lib/standpoint/kiosk-session --data /var/lib/standpoint" \
            "Restart=on-failure" "RestartPreventExitStatus=2" "StateDirectory=standpoint" \
            "RuntimeDirectory=standpoint-kiosk" "WantedBy=graphical.target"; do
    has "$unit" "$line"
done
grep -q "^Restart=always" "$root$unit" && fail "Restart=always would restart after staff Quit"
has /usr/local/lib/standpoint/kiosk-session 'cage -d -- "$0" --inside-cage "$@"'
grep -q "cage .*-s" "$root/usr/local/lib/standpoint/kiosk-session" && fail "cage -s allows VT switching"
has /etc/systemd/logind.conf.d/standpoint-kiosk.conf "NAutoVTs=0"
has /etc/systemd/logind.conf.d/standpoint-kiosk.conf "ReserveVT=0"
has /etc/systemd/system.conf.d/standpoint-kiosk.conf "CtrlAltDelBurstAction=none"
has /etc/sysctl.d/90-standpoint-kiosk.conf "kernel.sysrq = 0"
rules=/etc/polkit-1/rules.d/50-standpoint-kiosk.rules
for action in filesystem-mount eject-media power-off-drive; do
    has "$rules" "\"org.freedesktop.udisks2.$action\""
done
grep -q -- "-system\"" "$root$rules" && fail "the polkit rule must not cover the machine's own disks"
if command -v node >/dev/null; then   # the rule is JavaScript: at least it must parse
    node --check "$root$rules" 2>/dev/null || node -e "new Function(require('fs').readFileSync('$root$rules','utf8'))" ||
        fail "$rules is not valid JavaScript"
fi

for link in "/etc/systemd/system/ctrl-alt-del.target -> /dev/null" \
            "/etc/systemd/system/default.target -> /lib/systemd/system/graphical.target" \
            "/etc/systemd/system/graphical.target.wants/standpoint-kiosk.service -> $unit"; do
    path=${link%% -> *}
    target=${link##* -> }
    [ "$(readlink "$root$path")" = "$target" ] || fail "$path should link to $target"
done
cmp -s "$binary" "$root/usr/local/bin/standpoint" || fail "the binary was not installed"
[ -x "$root/usr/local/bin/standpoint" ] || fail "the installed binary is not executable"
[ -f "$root/usr/local/share/standpoint/assets/surveys/gala-feedback.json" ] || fail "assets missing"
[ -f "$root/usr/local/share/standpoint/kiosk-session.md" ] || fail "the doc the unit names is missing"
[ -d "$root/var/lib/standpoint" ] || fail "the data folder was not made"

# With --survey the kiosk is told to run it.
"$source_dir/scripts/install-kiosk-session" --dry-run --root "$work/root2" --binary "$binary" \
    --survey "$source_dir/assets/surveys/gala-feedback.json" >/dev/null
grep -qF -- "--survey /usr/local/share/standpoint/survey.json" "$work/root2$unit" ||
    fail "--survey is not passed to the kiosk"

# Refusals: a real install needs root; --root without --dry-run is refused; no binary is named.
if [ "$(id -u)" -ne 0 ]; then
    "$source_dir/scripts/install-kiosk-session" --binary "$binary" 2>"$work/err" && fail "ran as a user"
    grep -q "run me as root" "$work/err" || fail "no 'run me as root' message"
fi
"$source_dir/scripts/install-kiosk-session" --root "$work/x" --binary "$binary" 2>"$work/err" &&
    fail "--root without --dry-run was accepted"
"$source_dir/scripts/install-kiosk-session" --dry-run --root "$work/x" --binary "$work/none" 2>"$work/err" &&
    fail "a missing binary was accepted"
grep -q "Build it first" "$work/err" || fail "no 'Build it first' message for a missing binary"

# ---- the session script: the kiosk's status, whatever cage returns ----------------------------
# A fake cage that runs its client and then exits 0 whatever happened (as cage 0.1.4 may).
mkdir -p "$work/bin"
cat >"$work/bin/cage" <<'EOF'
#!/bin/sh
while [ "$1" != "--" ]; do shift; done
shift
"$@"
exit 0
EOF
cat >"$work/bin/fake-kiosk" <<'EOF'
#!/bin/sh
case "$FAKE_KIOSK" in
    quit) exit 0 ;;
    crash) kill -SEGV $$ ;;
    *) exit "$FAKE_KIOSK" ;;
esac
EOF
chmod +x "$work/bin/cage" "$work/bin/fake-kiosk"
session_status() {
    mkdir -p "$work/run"
    set +e
    PATH="$work/bin:$PATH" RUNTIME_DIRECTORY="$work/run" STANDPOINT_KIOSK="$work/bin/fake-kiosk" \
        FAKE_KIOSK=$1 "$root/usr/local/lib/standpoint/kiosk-session" --data /nowhere 2>/dev/null
    echo $?
    set -e
}
[ "$(session_status quit)" = 0 ] || fail "staff Quit (kiosk exit 0) must end the session with 0"
[ "$(session_status crash)" = 139 ] || fail "a crash (SIGSEGV) must end the session with 139, got $(session_status crash)"
[ "$(session_status 1)" = 1 ] || fail "a failure (1) must be passed on"
[ "$(session_status 2)" = 2 ] || fail "a usage error (2) must be passed on (RestartPreventExitStatus)"
# cage that cannot start its client: never 0.
printf '#!/bin/sh\nexit 0\n' >"$work/bin/cage"
[ "$(session_status quit)" = 1 ] || fail "a cage that never ran the kiosk must not look like Quit"

# ---- systemd's own check of the unit ------------------------------------------------------------
if command -v systemd-analyze >/dev/null; then
    # --root: the unit and its ExecStart are looked up in a copy of the dry run's tree, which
    # also gets this machine's own system units (sysinit.target, getty@.service...). Unknown
    # keys and bad values are only warnings (exit 0), so the output must not name the unit.
    verify_root="$work/verify-root"
    cp -a "$root" "$verify_root"
    system_units=$(ls -d /usr/lib/systemd/system /lib/systemd/system 2>/dev/null | head -1)
    mkdir -p "$verify_root/lib/systemd"
    cp -r "$system_units" "$verify_root/lib/systemd/"
    if ! systemd-analyze verify --root="$verify_root" "$unit" >"$work/verify" 2>&1; then
        cat "$work/verify" >&2
        fail "systemd-analyze verify rejected the unit"
    fi
    grep -i "standpoint-kiosk" "$work/verify" && fail "systemd-analyze verify warned about the unit"
    echo "systemd-analyze verify: ok"
else
    echo "SKIP: systemd-analyze is not installed here; the unit was not checked by systemd"
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "install-kiosk-session dry run: all checks passed"

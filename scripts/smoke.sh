#!/usr/bin/env bash
# Starts the real jxj binary in a real X window (Xvfb) on a fresh demo
# school and fails if it exits early or shows no window titled 局校家.
# SHOT=file.png keeps a screenshot. Its own preferences folder keeps the
# language and theme chosen on this machine out of the check.
set -euo pipefail
export LANG=C.UTF-8
bin=$(realpath "${1:-./jxj}")
seconds=${SMOKE_SECONDS:-6}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" demo --data "$tmp/demo" >/dev/null

cat >"$tmp/inside.sh" <<'INSIDE'
set -u
"$BIN" --data "$DATA" >"$LOG" 2>&1 &
pid=$!
for _ in $(seq "$SECONDS_WAIT"); do
	sleep 1
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "smoke: jxj exited early"; cat "$LOG"; exit 1
	fi
done
if ! xwininfo -root -tree | grep -q '局校家'; then
	echo "smoke: no window titled 局校家"; xwininfo -root -tree; cat "$LOG"; kill "$pid"; exit 1
fi
if [ -n "${SHOT:-}" ]; then import -window root "$SHOT" || true; fi
kill "$pid"
wait "$pid" 2>/dev/null || true
echo "smoke: jxj ran ${SECONDS_WAIT}s in a real window"
INSIDE

XDG_CONFIG_HOME="$tmp/config" BIN="$bin" DATA="$tmp/demo" LOG="$tmp/jxj.log" SECONDS_WAIT="$seconds" SHOT="${SHOT:+$(realpath -m "$SHOT")}" \
	xvfb-run -a -s "-screen 0 1280x800x24" bash "$tmp/inside.sh"

#!/usr/bin/env bash
# Start the real binary under Xvfb with a sample loaded, check it is still
# running after a few seconds, and take a screenshot (.ci/screenshot.png).
set -uo pipefail
bin="${1:-target/debug/calltrust}"
out="${2:-.ci/screenshot.png}"
sample="${3:-assets/samples/twilio-forwarding-webhook.txt}"
if ! command -v Xvfb >/dev/null 2>&1; then
  echo "SKIPPED: Xvfb is not installed, the window was not started"
  exit 0
fi
display=":$(( (RANDOM % 400) + 100 ))"
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/tmp/calltrust-xvfb.log 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
sleep 1
start=$(date +%s%N)
DISPLAY="$display" LIBGL_ALWAYS_SOFTWARE=1 "$bin" --open "$sample" >/tmp/calltrust-gui.log 2>&1 &
app=$!
sleep 6
if ! kill -0 "$app" 2>/dev/null; then
  echo "FAIL: the window exited early:"; cat /tmp/calltrust-gui.log
  exit 1
fi
if command -v import >/dev/null 2>&1; then
  DISPLAY="$display" import -window root "$out" && echo "screenshot: $out"
else
  echo "note: ImageMagick missing, no screenshot"
fi
kill "$app" 2>/dev/null; wait "$app" 2>/dev/null
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
echo "window ran for ${elapsed} ms without exiting"
grep -i "panicked" /tmp/calltrust-gui.log && { echo "FAIL: panic in the window"; exit 1; }
exit 0

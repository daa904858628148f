#!/usr/bin/env bash
# Opt-in: cross-build calltrust for Windows (x86_64-pc-windows-gnu) on a
# Debian machine and smoke-test it under Wine. Never part of the default CI.
#
# rustup cannot add targets here, so the route is Debian's own toolchain:
#   rustc-web/cargo-web (Rust 1.96) with rust-web-src, std built from source
#   (-Zbuild-std, allowed by RUSTC_BOOTSTRAP=1), mingw-w64 as the linker.
#
#   bash packaging/windows.sh            build, then smoke-test under wine
#   SKIP_WINE=1 bash packaging/windows.sh
#
# Output: target/windows/x86_64-pc-windows-gnu/release/{calltrust,calltrust-window}.exe
set -euo pipefail
cd "$(dirname "$0")/.."

need=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64)
[ -n "${SKIP_WINE:-}" ] || need+=(wine64 xvfb xauth imagemagick)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

TARGET=x86_64-pc-windows-gnu
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar

echo "== $($RUSTC --version), $(/usr/bin/cargo --version)"
start=$(date +%s)
/usr/bin/cargo build --release --locked --target "$TARGET" --target-dir target/windows \
  -Zbuild-std=std,panic_abort --bins
echo "== built in $(( $(date +%s) - start )) s"
out=target/windows/$TARGET/release
ls -l "$out"/*.exe
file "$out"/*.exe

[ -n "${SKIP_WINE:-}" ] && exit 0
# Wine 8 (Debian 12) lacks bcryptprimitives.dll, where Rust's std takes its
# randomness on Windows 10+ (ProcessPrng): without it nothing starts
# ("Library bcryptprimitives.dll not found", c0000135). A shim over
# RtlGenRandom goes beside the .exe in a copy made for the test only; it is
# never shipped (Windows has the real DLL).
run=target/windows/wine-run
rm -rf "$run"; mkdir -p "$run"
cp "$out"/calltrust.exe "$out"/calltrust-window.exe "$run"/
x86_64-w64-mingw32-gcc -shared -O2 -o "$run/bcryptprimitives.dll" packaging/windows/bcryptprimitives-shim.c -ladvapi32
out=$run
export WINEDEBUG=-all WINEPREFIX="${WINEPREFIX:-$PWD/target/windows/wineprefix}"
echo "== wine: calltrust --version"
wine "$out/calltrust.exe" --version
echo "== wine: time of one inspection (process start included)"
/usr/bin/time -f "%e s" wine "$out/calltrust.exe" inspect --config none --format json assets/samples/sip-invite-rcd.txt > /dev/null || true
echo "== wine: calltrust inspect (JSON) on a sample"
wine "$out/calltrust.exe" inspect --config none --format json assets/samples/twilio-forwarding-webhook.txt \
  > target/windows/inspect.json || [ $? -eq 1 ]
head -c 400 target/windows/inspect.json; echo
grep -q '"outcome"' target/windows/inspect.json
echo "== wine: the window under Xvfb"
shot=target/windows/window.png
rm -f "$shot"
# wineboot runs inside the X server: a Wine prefix started without a
# display cannot create windows later (winit: CreateWindowExW fails, OS
# error 14007), even once a display is there.
wineserver -k 2>/dev/null || true
xvfb-run -a -s "-screen 0 1280x800x24" bash -c "
  wineboot --init >/dev/null 2>&1 || true
  wine '$out/calltrust-window.exe' --open assets/samples/sip-invite-rcd.txt > target/windows/window.log 2>&1 &
  pid=\$!
  sleep 60
  import -window root '$shot'
  kill \$pid 2>/dev/null || true
  wineserver -k 2>/dev/null || true
" || true
ls -l "$shot" 2>/dev/null || echo "no screenshot"
log=$(find "$WINEPREFIX/drive_c/users" -name calltrust.log | head -n1)
[ -n "$log" ] && { echo "== the window's log ($log)"; grep -E "INFO|ERROR|WARN calltrust" "$log" | tail -n 8; }

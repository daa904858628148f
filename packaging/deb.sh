#!/usr/bin/env bash
# Build the Debian/Ubuntu package: release binary, icons rendered from
# assets/icon.svg, manual pages and completions from the binary itself,
# the third-party licence notice, then cargo-deb. Prints the .deb's path.
#
#   bash packaging/deb.sh          (installs cargo-deb and the tools if missing)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v rsvg-convert >/dev/null || need+=(librsvg2-bin)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi
command -v cargo-deb >/dev/null || cargo install cargo-deb --locked

cargo build --release --locked --bin calltrust
bin=target/release/calltrust
out=target/packaging
rm -rf "$out"
mkdir -p "$out/icons" "$out/man" "$out/completions"
for s in 16 24 32 48 64 128 256; do
  mkdir -p "$out/icons/${s}x${s}"
  rsvg-convert -w "$s" -h "$s" assets/icon.svg -o "$out/icons/${s}x${s}/calltrust.png"
done
CALLTRUST_CONFIG=none "$bin" man --dir "$out/man" 2>/dev/null
gzip -9n "$out"/man/*.1
"$bin" completions bash > "$out/completions/calltrust.bash"
"$bin" completions zsh > "$out/completions/_calltrust"
"$bin" completions fish > "$out/completions/calltrust.fish"
python3 packaging/third-party.py > "$out/THIRD-PARTY-LICENSES.md"
gzip -9n "$out/THIRD-PARTY-LICENSES.md"
# The binary is built above; cargo-deb strips and packs it.
cargo deb --no-build --locked -p calltrust "$@" | tail -n1

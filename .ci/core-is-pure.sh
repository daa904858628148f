#!/usr/bin/env bash
# The core crate stays pure (ARCHITECTURE.md): no UI, CLI, TLS or allocator
# crate in its dependency graph. (Its sources are held to "no file, socket,
# clock or environment" by clippy's disallowed-methods, crates/calltrust-core/clippy.toml.)
# rustls-webpki and rustls-pki-types are allowed: an RFC 5280 path
# validator and its certificate types (no TLS, no I/O), the authority on
# chains (GUIDE: "chains (webpki the authority)"); rustls itself, the TLS
# library, is the binary's.
set -euo pipefail
cd "$(dirname "$0")/.."
forbidden='^(eframe|egui|egui_extras|egui_kittest|winit|rfd|arboard|clap|clap_complete|clap_mangen|rustls|webpki-roots|indicatif|mimalloc|directories|tracing|log) v'
found=$(cargo tree -p calltrust-core -e normal,build --prefix none | sed 's/ (\*)//' | sort -u | grep -E "$forbidden" || true)
if [ -n "$found" ]; then
  echo "FAIL: calltrust-core depends on crates only the binary may use:"
  echo "$found"
  exit 1
fi
echo "calltrust-core depends on no UI, CLI, TLS, logging or allocator crate"

#!/usr/bin/env bash
# Opt-in (slow, changes the machine): check the built .deb with lintian,
# install it with dpkg, use the installed calltrust (version, a sample, the
# manual, completions, the desktop entry and metainfo, the window under Xvfb
# with a screenshot), then remove it and check nothing is left.
#
#   bash packaging/deb.sh && bash packaging/test-deb.sh [path/to.deb]
set -euo pipefail
cd "$(dirname "$0")/.."
deb=${1:-$(ls -t target/debian/calltrust_*.deb | head -n1)}
out=target/packaging/test
mkdir -p "$out"
echo "== $deb ($(du -h "$deb" | cut -f1))"

tools=(lintian desktop-file-utils appstream xvfb xauth imagemagick xdotool man-db binutils)
missing=()
for p in "${tools[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"

echo "== lintian (errors fail)"
lintian --fail-on error --no-tag-display-limit "$deb" | tee "$out/lintian.txt" || { echo "lintian: errors"; exit 1; }

echo "== install"
if ! dpkg -i "$deb"; then
  DEBIAN_FRONTEND=noninteractive apt-get -f install -y
fi
dpkg -s calltrust | grep -E '^(Status|Version|Depends|Recommends):'

echo "== installed files"
dpkg -L calltrust | grep -E 'bin/|applications|metainfo|icons/hicolor/(48|256|scalable)|man1/calltrust.1|completions|doc/calltrust/'
desktop-file-validate /usr/share/applications/calltrust.desktop && echo "desktop entry: valid"
appstreamcli validate --no-net /usr/share/metainfo/io.github.calltrust.calltrust.metainfo.xml

echo "== calltrust --version"
/usr/bin/calltrust --version
echo "== glibc floor"
objdump -T /usr/bin/calltrust | grep -o 'GLIBC_[0-9.]*' | sort -Vu | tail -n1 | tee "$out/glibc-floor.txt"
echo "== calltrust inspect (a sample)"
CALLTRUST_CONFIG=none /usr/bin/calltrust inspect --format json assets/samples/sip-invite-rcd.txt > "$out/inspect.json" || [ $? -eq 1 ]
grep -o '"outcome": *"[a-z-]*"' "$out/inspect.json" | head -n1
echo "== man and completions"
man -w calltrust calltrust-inspect
bash -c 'source /usr/share/bash-completion/completions/calltrust && complete -p calltrust'

echo "== the window under Xvfb"
shot="$out/window.png"
rm -f "$shot"
home=$(mktemp -d)
xvfb-run -a -s "-screen 0 1280x800x24" env HOME="$home" bash -c "
  /usr/bin/calltrust --open assets/samples/sip-invite-rcd.txt &
  pid=\$!
  for i in \$(seq 1 40); do xdotool search --name calltrust >/dev/null 2>&1 && break; sleep 0.5; done
  sleep 3
  import -window root '$shot'
  kill \$pid
  wait \$pid || true
"
ls -l "$shot"
test -s "$home/.local/state/calltrust/calltrust.log" && echo "window log: $(wc -l < "$home/.local/state/calltrust/calltrust.log") lines"
rm -rf "$home"

echo "== remove"
dpkg -P calltrust
for f in /usr/bin/calltrust /usr/share/applications/calltrust.desktop /usr/share/man/man1/calltrust.1.gz /usr/share/doc/calltrust; do
  if [ -e "$f" ]; then echo "left behind: $f"; exit 1; fi
done
echo "removed cleanly"

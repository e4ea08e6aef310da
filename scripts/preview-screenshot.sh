#!/usr/bin/env bash
# Renders the sample alert and digest emails (src/alerts/preview.ts) and screenshots them with headless
# Chromium at a phone width (375px) and a desktop width (1200px), to look at before changing a renderer.
# Output: var/preview/*.html and *.png (var/ is not committed). Installs nothing.
#
#   scripts/preview-screenshot.sh [OUT_DIR]        default OUT_DIR: var/preview
#   HEIGHT=5000 scripts/preview-screenshot.sh      one capture height for every page
set -euo pipefail

cd "$(dirname "$0")/.."
out="${1:-var/preview}"
height="${HEIGHT:-}"

browser=""
for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
done
if [ -z "$browser" ]; then
  echo "No Chromium found. Install it first, e.g.:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 1
fi
if [ ! -f node_modules/typescript/bin/tsc ]; then
  echo "node_modules is missing: run npm install (or npm ci) first." >&2
  exit 1
fi

work="$(mktemp -d)"
profile="$(mktemp -d)"
trap 'rm -rf "$work" "$profile"' EXIT

# Compile only the preview and what it imports, so a half-finished file elsewhere cannot stop it.
node node_modules/typescript/bin/tsc --outDir "$work" --rootDir . --module node16 --moduleResolution node16 \
  --target ES2022 --strict --esModuleInterop --skipLibCheck --types node --ignoreConfig src/alerts/preview.ts

if ! mkdir -p "$out" 2>/dev/null || [ ! -w "$out" ]; then
  echo "cannot write to $out: choose another OUT_DIR" >&2
  exit 1
fi
NODE_PATH="$PWD/node_modules" node -e '
  const { writePreview } = require(process.argv[1]);
  const out = process.argv[2];
  Promise.all([
    writePreview("alert", `${out}/alert.html`),
    writePreview("alert", `${out}/alert-redacted.html`, { redact: true }),
    writePreview("digest", `${out}/digest.html`),
  ]).catch((err) => { console.error(`cannot write the previews: ${err.message}`); process.exit(1); });
' "$work/src/alerts/preview.js" "$out"

failed=0
shoot() { # html png width height
  local page="$1"
  # OUT_DIR may be absolute (/tmp/shots) or relative to the repository.
  case "$page" in /*) ;; *) page="$PWD/$page" ;; esac
  # An old screenshot left in place must not pass for a new one.
  rm -f "$2"
  # Chromium may exit 0 without writing anything: only a file that is there counts.
  if "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$profile" --force-device-scale-factor=1 --window-size="$3,${height:-$4}" \
    --screenshot="$2" "file://$page" >/dev/null 2>&1 && [ -s "$2" ]; then
    echo "$2"
  else
    echo "not written: $2 ($browser could not take the screenshot)" >&2
    failed=1
  fi
}

for page in alert alert-redacted; do
  shoot "$out/$page.html" "$out/$page-375.png" 375 1800
  shoot "$out/$page.html" "$out/$page-1200.png" 1200 1200
done
shoot "$out/digest.html" "$out/digest-375.png" 375 4200
shoot "$out/digest.html" "$out/digest-1200.png" 1200 2600
exit "$failed"

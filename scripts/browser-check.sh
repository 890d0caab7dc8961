#!/usr/bin/env bash
# The HTML report in a real browser: renders the bundled Operation H page in headless
# Chromium (Debian's `chromium` package, installed when missing) to a PNG and a DOM
# dump, with every network request sent nowhere, and fails on a console error, a
# network request or a page that did not render its findings.
#
#   scripts/browser-check.sh [OUT_DIR]    # default: target/browser-check
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/browser-check}
mkdir -p "$out"
if ! command -v chromium >/dev/null; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
cargo run -q -p investigation-outcomes-cli -- report data/operation-h.json > "$out/operation-h.html"
page="file://$(pwd)/$out/operation-h.html"
# Any host resolves to a closed port, and the network log records every request.
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --enable-logging=stderr --v=0
       --disable-background-networking --disable-component-update --disable-sync
       --no-first-run --host-resolver-rules="MAP * 127.0.0.1:9" --window-size=1200,2400)
chromium "${flags[@]}" --screenshot="$out/operation-h.png" "$page" 2> "$out/screenshot.log" >/dev/null
chromium "${flags[@]}" --log-net-log="$out/net.json" --dump-dom "$page" \
  > "$out/operation-h.dom.html" 2> "$out/dom.log"
fail=0
if grep -E 'CONSOLE|Uncaught' "$out"/*.log; then echo "console errors"; fail=1; fi
# The browser's own requests (to Google's hosts) are not the page's.
requests=$(grep -o '"url":"[^"]*"' "$out/net.json" | grep -v -E '://([a-z0-9-]+\.)*(google\.com|gvt1\.com|googleapis\.com)/' || true)
if [ -n "$requests" ]; then echo "network requests: $requests"; fail=1; fi
if ! grep -q 'Disagreement: children_safeguarded' "$out/operation-h.dom.html"; then
  echo "the rendered page lacks its findings"; fail=1
fi
if [ ! -s "$out/operation-h.png" ]; then echo "no screenshot"; fail=1; fi
[ "$fail" = 0 ] && echo "browser check passed: $out/operation-h.png"
exit "$fail"

#!/usr/bin/env bash
# Bundle the page's ES modules (static/js/main.js and all it imports) into static/dist/main.js:
# one file for the browser to fetch instead of about a hundred (about half a second of a first
# load on loopback). Run by `make bundle`, which passes the bundle's first line: it names the
# hash of static/js it is built from (app/web/assets.py). The server uses the bundle only while
# that hash is static/js's own, and falls back to the modules themselves otherwise, so an edit is
# tried without a rebuild; tests/web/test_assets.py fails until the bundle is rebuilt. Uses the esbuild that
# scripts/plotly/package-lock.json pins (npm ci there when missing); needs Node 18 or newer.
# Not minified: the bundle reads as the modules do, and gzip takes most of the difference.
set -euo pipefail
banner="${1:?usage: scripts/bundle.sh BANNER (make bundle makes it)}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
esbuild="$here/plotly/node_modules/.bin/esbuild"
if [ ! -x "$esbuild" ]; then
  (cd "$here/plotly" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
"$esbuild" "$root/static/js/main.js" --bundle --format=esm --target=es2022 --charset=utf8 \
  --legal-comments=none --log-level=warning --banner:js="$banner" --outfile="$root/static/dist/main.js"
echo "wrote static/dist/main.js ($(wc -c <"$root/static/dist/main.js") bytes): $banner"

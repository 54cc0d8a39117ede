#!/usr/bin/env bash
# Build static/vendor/plotly.min.js: plotly.js at the version package.json pins, with only the
# trace types entry.js registers, from the packages package-lock.json pins (npm ci). Run by
# `make plotly`; needs Node 18 or newer and npm. The output is committed: the app needs no Node.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../static/vendor/plotly.min.js"
cd "$here"
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
version="$(node -p 'require("plotly.js/package.json").version')"
traces="scatter$(grep -o 'plotly.js/lib/[a-z]*' entry.js | grep -v /core | sed 's|.*/|, |' | tr -d '\n')"
banner="/* plotly.js v$version (MIT licence, Copyright Plotly, Inc.): a partial bundle of the traces $traces, built by scripts/plotly/build.sh */"
npx esbuild entry.js --bundle --minify --format=iife --global-name=Plotly --target=es2016 \
  --define:global=window --define:define.amd=false --loader:.css=empty \
  --legal-comments=eof --log-level=warning --banner:js="$banner" --outfile="$out"
echo "wrote $out ($(wc -c <"$out") bytes): $banner"

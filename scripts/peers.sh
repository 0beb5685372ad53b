#!/usr/bin/env bash
# proposal-ls against its peers, in one table (benches/peers.rs): finds or
# installs rumdl 0.3.2 (cargo) and markdownlint-cli2 (npm) under
# target/peers, clones the corpus bundle for upstream's grep script, then
# runs the benchmark. Needs ../shared beside the repository.
#   bash scripts/peers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
peers="$PWD/target/peers"
mkdir -p "$peers"

rumdl_version=0.3.2
if command -v rumdl >/dev/null && [ "$(rumdl --version)" = "rumdl $rumdl_version" ]; then
    rumdl=$(command -v rumdl)
else
    rumdl="$peers/bin/rumdl"
    if [ ! -x "$rumdl" ] || [ "$("$rumdl" --version)" != "rumdl $rumdl_version" ]; then
        echo "== building rumdl $rumdl_version (a few minutes, once)"
        cargo install rumdl --version "$rumdl_version" --locked --root "$peers" --quiet
    fi
fi

markdownlint_version=0.24.1
if command -v markdownlint-cli2 >/dev/null; then
    markdownlint=$(command -v markdownlint-cli2)
else
    markdownlint="$peers/npm/node_modules/.bin/markdownlint-cli2"
    if [ ! -x "$markdownlint" ]; then
        echo "== installing markdownlint-cli2 $markdownlint_version"
        npm install --silent --no-audit --no-fund --prefix "$peers/npm" \
            "markdownlint-cli2@$markdownlint_version"
    fi
fi

# Upstream's template-lint.sh checks a pull request's new files
# (hack/find_new.sh); here it is told every proposal is new.
upstream=$(mktemp -d)
trap 'rm -rf "$upstream"' EXIT
git clone --quiet ../shared/corpus/openshift-enhancements.bundle "$upstream/enhancements"
printf '#!/bin/bash\nfind enhancements -name "*.md" | sort\n' >"$upstream/enhancements/hack/find_new.sh"

echo "== rumdl: $("$rumdl" --version); markdownlint-cli2: $("$markdownlint" --help | head -n 1)"
PEERS_RUMDL="$rumdl" PEERS_MARKDOWNLINT="$markdownlint" PEERS_UPSTREAM="$upstream/enhancements" \
    cargo bench --bench peers

# Seconds move with the machine; instructions do not. `check` (one
# thread) against the bare parse of the same files, counted by callgrind.
if command -v valgrind >/dev/null; then
    corpus=$(realpath ../shared/corpus/openshift-enhancements)
    cargo build --release --quiet --bin proposal-ls --example parse_corpus
    count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
        | sed -n 's/.*Collected : *//p'; }
    check=$(RAYON_NUM_THREADS=1 count target/release/proposal-ls check "$corpus")
    parse=$(count target/release/examples/parse_corpus "$corpus")
    awk -v c="$check" -v p="$parse" 'BEGIN {
        printf "\n| instructions (callgrind) | count |\n|---|---|\n"
        printf "| tree-sitter-md block parse of every proposal | %.2f G |\n", p / 1e9
        printf "| `proposal-ls check`, 1 thread | %.2f G (%.3f x the parse; limit 1.2) |\n", c / 1e9, c / p }'
fi

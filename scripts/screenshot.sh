#!/usr/bin/env bash
# Regenerate docs/neovim-diagnostics.png: headless Neovim, configured by
# editors/neovim, under tmux, on the sample proposal; the pane is captured
# with its colours and rendered to PNG. Needs tmux, neovim, Pillow and
# fonts-dejavu-core.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
work=$(mktemp -d)
trap 'tmux kill-session -t proposal-shot 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/enhancements"
cp "$repo/examples/enhancements/sample-proposal.md" "$work/enhancements/"
tmux new-session -d -s proposal-shot -x 150 -y 44 -c "$work" \
    "env REPO=$repo PROPOSAL_LS=$repo/target/release/proposal-ls TERM=xterm-256color nvim -u $repo/scripts/screenshot-init.lua -i NONE -n enhancements/sample-proposal.md"
sleep 2
# Show the front matter and the first sections with their diagnostics.
tmux send-keys -t proposal-shot 'gg' ''
sleep 1
tmux capture-pane -t proposal-shot -e -p > "$work/pane.txt"
python3 "$repo/scripts/render_ansi.py" "$work/pane.txt" "$repo/docs/neovim-diagnostics.png"
echo "wrote docs/neovim-diagnostics.png"

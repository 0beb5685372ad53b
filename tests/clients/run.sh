#!/usr/bin/env bash
# Client-profile tests: the release binary driven by pytest-lsp under the
# declared capabilities of Neovim 0.6-0.11, Emacs 29 and VS Code.
#
#   tests/clients/run.sh [pytest args...]
#
# Expects the server already built (`cargo build --release`), or its path in
# PROPOSAL_LS. Creates tests/clients/.venv on first use (PYTHON picks the
# interpreter, default python3, >= 3.10) and installs requirements.txt into
# it; builds nothing. Exits with pytest's status.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"
server="${PROPOSAL_LS:-$here/../../target/release/proposal-ls}"

if [[ ! -x "$server" ]]; then
    echo "run.sh: no proposal-ls binary at $server" >&2
    echo "run.sh: build it first (cargo build --release at the repository root) or set PROPOSAL_LS" >&2
    exit 2
fi
export PROPOSAL_LS="$(cd "$(dirname "$server")" && pwd)/$(basename "$server")"

if ! command -v "$python" >/dev/null 2>&1; then
    echo "run.sh: $python not found; on Debian: apt-get install python3 python3-venv" >&2
    exit 2
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "run.sh: $("$python" --version 2>&1) is too old; these tests need Python 3.10 or newer (set PYTHON)" >&2
    exit 2
fi

# A venv without a working pip (e.g. left behind by a failed `venv` run)
# is made again.
if [[ -x "$venv/bin/python" ]] && ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$venv"
fi
if [[ ! -x "$venv/bin/python" ]]; then
    rm -rf "$venv"
    if ! "$python" -m venv "$venv"; then
        rm -rf "$venv"
        echo "run.sh: '$python -m venv' failed. Debian's system Python ships venv/ensurepip separately:" >&2
        echo "run.sh:     apt-get install python3-venv    (or python3.X-venv for your python3 --version)" >&2
        exit 2
    fi
fi

# Install only when requirements.txt changed since the last install.
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [[ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]]; then
    "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q \
        -r "$here/requirements.txt"
    echo "$want" > "$stamp"
fi

cd "$here"
exec "$venv/bin/python" -m pytest -c "$here/pytest.ini" --rootdir "$here" "$here" "$@"

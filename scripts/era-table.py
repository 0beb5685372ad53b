#!/usr/bin/env python3
"""Findings and failing files by creation year, judged by each proposal's
window (the default) and by today's template alone (--era current).

    scripts/era-table.py CLONE [BINARY]

CLONE is a clone of openshift/enhancements (e.g. of
../shared/corpus/openshift-enhancements.bundle); BINARY defaults to
target/release/proposal-ls. Prints a markdown table.
"""
import collections
import json
import re
import subprocess
import sys
from pathlib import Path


def run(binary, clone, *args):
    out = subprocess.run(
        [binary, "check", "--format", "json", *args, "enhancements"],
        cwd=clone, capture_output=True, text=True, check=False,
    )
    if out.returncode > 1:
        sys.exit(f"check failed: {out.stderr}")
    return json.loads(out.stdout)


def year(clone, path):
    head = (Path(clone) / path).read_text(errors="replace")[:4000]
    m = re.search(r'^creation-date:\s*["\']?(\d{4})-\d\d-\d\d', head, re.M)
    return m.group(1) if m else "no date"


def main():
    clone = sys.argv[1]
    binary = str(Path(sys.argv[2] if len(sys.argv) > 2 else "target/release/proposal-ls").resolve())
    files = subprocess.run(
        ["git", "ls-files", "enhancements"], cwd=clone, capture_output=True, text=True, check=True
    ).stdout.split()
    files = [f for f in files if f.endswith(".md")]
    per_year = collections.Counter(year(clone, f) for f in files)
    rows = {}
    for era, args in (("window", ()), ("current", ("--era", "current"))):
        result = run(binary, clone, *args)
        findings = collections.Counter()
        failing = collections.defaultdict(set)
        for f in result["findings"]:
            if f["severity"] == "hint":
                continue
            y = year(clone, f["path"])
            findings[y] += 1
            if f["severity"] == "error":
                failing[y].add(f["path"])
        rows[era] = (findings, failing)
    print("| created | proposals | findings (window) | failing files (window) | findings (--era current) | failing files (--era current) |")
    print("|---|---|---|---|---|---|")
    total = [0] * 5
    for y in sorted(per_year):
        w, c = rows["window"], rows["current"]
        cells = [per_year[y], w[0][y], len(w[1][y]), c[0][y], len(c[1][y])]
        total = [a + b for a, b in zip(total, cells)]
        print(f"| {y} | " + " | ".join(f"{n:,}" for n in cells) + " |")
    print("| **all** | " + " | ".join(f"**{n:,}**" for n in total) + " |")


if __name__ == "__main__":
    main()

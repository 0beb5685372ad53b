// The contract with the real server, over stdio: what the extension sends
// (settings, command arguments) is what proposal-ls understands, and the
// commands the extension offers are the ones it advertises. Skipped when no
// proposal-ls binary is built (see findBinary).
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { INSERT_MISSING_SECTIONS, NEW_PROPOSAL, commandAvailability, executeCommandParams, proposalText } from '../commands';
import { buildSettings, didChangeConfigurationParams } from '../settings';

/** $PROPOSAL_LS_BIN, else the newer of the repository's release and debug
 * builds (out/test is four levels below the repository root). */
function findBinary(): string | undefined {
  if (process.env.PROPOSAL_LS_BIN) {
    return process.env.PROPOSAL_LS_BIN;
  }
  const target = path.resolve(__dirname, '..', '..', '..', '..', 'target');
  const name = process.platform === 'win32' ? 'proposal-ls.exe' : 'proposal-ls';
  const built = ['release', 'debug']
    .map((profile) => path.join(target, profile, name))
    .filter((p) => fs.existsSync(p))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return built[0];
}

const binary = findBinary();
const skip = binary === undefined && 'no proposal-ls binary: build it with cargo, or set PROPOSAL_LS_BIN';

interface Diagnostic {
  code?: string;
  source?: string;
}

let server: ChildProcess;
let connection: MessageConnection;
let workspace: string;
const logs: string[] = [];
const diagnostics = new Map<string, Diagnostic[]>();
const appliedEdits: unknown[] = [];
let initializeResult: { capabilities: { executeCommandProvider?: { commands: string[] } } };

async function until<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; server log:\n${logs.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function codes(uri: string): string[] | undefined {
  return diagnostics.get(uri)?.map((d) => String(d.code));
}

const PROPOSAL = `---
title: my-feature
authors:
  - "@alice"
reviewers:
  - "@bob"
approvers:
  - "@carol"
api-approvers:
  - None
creation-date: 2024-01-13
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/OCPSTRAT-1
---

# My Feature

## Summary

Something worth doing.
`;

before(async () => {
  if (skip) {
    return;
  }
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'proposal-ls-vscode-'));
  fs.mkdirSync(path.join(workspace, 'enhancements'));
  server = spawn(binary!, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
    diagnostics.set(p.uri, p.diagnostics);
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/applyEdit', (p: unknown) => {
    appliedEdits.push(p);
    return { applied: true };
  });
  connection.listen();
  initializeResult = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }],
    capabilities: { workspace: { applyEdit: true } },
    // As the extension sends them with every setting at its default.
    initializationOptions: buildSettings({ include: ['**/enhancements/**/*.md'], template: '', severity: {}, disabled: [] }),
  });
  await connection.sendNotification('initialized', {});
});

after(async () => {
  if (skip) {
    return;
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  const code = await new Promise<number | null>((resolve) => server.on('exit', resolve));
  connection.dispose();
  fs.rmSync(workspace, { recursive: true, force: true });
  assert.equal(code, 0);
});

test('the server advertises both commands the extension offers', { skip }, () => {
  const commands = initializeResult.capabilities.executeCommandProvider?.commands;
  assert.deepEqual([...commandAvailability(commands).values()], [true, true]);
});

test('the default settings are accepted without a warning', { skip }, async () => {
  // A request after the settings went in: its answer means they were handled.
  await connection.sendRequest('workspace/executeCommand', executeCommandParams(NEW_PROPOSAL, 'file:///x/a.md'));
  assert.equal(logs.length, 0, logs.join("\n"));
});

test('settings changes in the shape the extension sends take effect', { skip }, async () => {
  const uri = pathToFileURL(path.join(workspace, 'enhancements', 'my-feature.md')).href;
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'markdown', version: 1, text: PROPOSAL },
  });
  await until('missing-section diagnostics', () => (codes(uri)?.includes('missing-section') ? true : undefined));

  diagnostics.delete(uri);
  await connection.sendNotification(
    'workspace/didChangeConfiguration',
    didChangeConfigurationParams(buildSettings({ disabled: ['missing-section'] })),
  );
  const republished = await until('re-published diagnostics', () => codes(uri));
  assert.ok(!republished.includes('missing-section'), `missing-section is disabled: ${republished}`);
  assert.equal(logs.length, 0, logs.join("\n"));

  // An unknown rule id reaches the server and comes back as a warning.
  await connection.sendNotification(
    'workspace/didChangeConfiguration',
    didChangeConfigurationParams(buildSettings({ severity: { 'no-such-rule': 'error' } })),
  );
  await until('a warning about the unknown rule', () => logs.find((l) => l.includes('no-such-rule')));
  logs.length = 0;
});

test('insertMissingSections with the document URI makes the server apply an edit to it', { skip }, async () => {
  const uri = pathToFileURL(path.join(workspace, 'enhancements', 'my-feature.md')).href;
  // Back to the defaults: missing-section on.
  await connection.sendNotification('workspace/didChangeConfiguration', didChangeConfigurationParams(buildSettings({})));
  const result = await connection.sendRequest(
    'workspace/executeCommand',
    executeCommandParams(INSERT_MISSING_SECTIONS, uri),
  );
  assert.equal(result, null);
  const edit = (await until('workspace/applyEdit', () => appliedEdits[0])) as { edit: unknown };
  const text = JSON.stringify(edit.edit);
  assert.ok(text.includes(uri), 'the edit is for the document');
  assert.match(text, /## Motivation/);
});

test('newProposal with a target URI returns the proposal text, titled after the file', { skip }, async () => {
  const uri = pathToFileURL(path.join(workspace, 'enhancements', 'shiny-thing.md')).href;
  const text = proposalText(await connection.sendRequest('workspace/executeCommand', executeCommandParams(NEW_PROPOSAL, uri)));
  assert.match(text, /^---\n/);
  assert.match(text, /^title: shiny-thing$/m);
  assert.match(text, /^## Summary$/m);
});

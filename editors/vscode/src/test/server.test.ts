import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { bundledServer, findServer, splitPath } from '../server';

/** A temporary folder with files made executable or not, removed after. */
function sandbox(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proposal-ls-find-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function file(at: string, mode: number): string {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.writeFileSync(at, '#!/bin/sh\n');
  fs.chmodSync(at, mode);
  return at;
}

const posixOnly = { skip: process.platform === 'win32' && 'execute bits are POSIX' };

test('PATH search returns the first executable proposal-ls', posixOnly, (t) => {
  const root = sandbox(t);
  const a = path.join(root, 'a');
  const b = path.join(root, 'b');
  const c = path.join(root, 'c');
  fs.mkdirSync(a);
  file(path.join(b, 'proposal-ls'), 0o755);
  file(path.join(c, 'proposal-ls'), 0o755);
  const result = findServer({ envPath: [a, b, c].join(':'), platform: 'linux' });
  assert.deepEqual(result, { found: true, path: path.join(b, 'proposal-ls'), source: 'path' });
});

test('PATH search skips a file without the execute bit and a directory of that name', posixOnly, (t) => {
  const root = sandbox(t);
  file(path.join(root, 'noexec', 'proposal-ls'), 0o644);
  fs.mkdirSync(path.join(root, 'isdir', 'proposal-ls'), { recursive: true });
  file(path.join(root, 'good', 'proposal-ls'), 0o755);
  const envPath = ['noexec', 'isdir', 'good'].map((d) => path.join(root, d)).join(':');
  const result = findServer({ envPath, platform: 'linux' });
  assert.deepEqual(result, { found: true, path: path.join(root, 'good', 'proposal-ls'), source: 'path' });
});

test('not on PATH: the message says how many directories were searched and how to install', () => {
  const result = findServer({ envPath: '/nonexistent/a:/nonexistent/b', platform: 'linux' });
  assert.equal(result.found, false);
  assert.ok(!result.found);
  assert.equal(result.fromSetting, false);
  assert.match(result.message, /not found on PATH \(2 directories searched\)/);
  assert.match(result.message, /cargo install --path \./);
  assert.match(result.message, /proposalLs\.server\.path/);
});

test('empty PATH entries (the current directory) are never searched', () => {
  const seen: string[] = [];
  const result = findServer({
    envPath: ':/usr/bin::',
    platform: 'linux',
    isExecutable: (f) => (seen.push(f), false),
  });
  assert.deepEqual(seen, ['/usr/bin/proposal-ls']);
  assert.ok(!result.found && /1 directories searched/.test(result.message));
});

test('the configured path wins over PATH', posixOnly, (t) => {
  const root = sandbox(t);
  const configured = file(path.join(root, 'custom', 'my-ls'), 0o755);
  file(path.join(root, 'bin', 'proposal-ls'), 0o755);
  const result = findServer({ configured, envPath: path.join(root, 'bin'), platform: 'linux' });
  assert.deepEqual(result, { found: true, path: configured, source: 'setting' });
});

test('a relative configured path is taken from the first workspace folder', posixOnly, (t) => {
  const root = sandbox(t);
  const binary = file(path.join(root, 'target', 'release', 'proposal-ls'), 0o755);
  const result = findServer({ configured: 'target/release/proposal-ls', workspaceFolder: root, platform: 'linux' });
  assert.deepEqual(result, { found: true, path: binary, source: 'setting' });
});

test('a configured ~/ path is taken from the home folder', posixOnly, (t) => {
  const home = sandbox(t);
  const binary = file(path.join(home, '.cargo', 'bin', 'proposal-ls'), 0o755);
  const result = findServer({ configured: '  ~/.cargo/bin/proposal-ls ', home, platform: 'linux' });
  assert.deepEqual(result, { found: true, path: binary, source: 'setting' });
});

test('a configured path that is missing is an error about the setting, without a PATH fallback', () => {
  const result = findServer({
    configured: '/opt/nowhere/proposal-ls',
    envPath: '/usr/bin',
    platform: 'linux',
    isExecutable: (f) => f === '/usr/bin/proposal-ls',
  });
  assert.ok(!result.found);
  assert.equal(result.fromSetting, true);
  assert.match(result.message, /proposalLs\.server\.path is set to "\/opt\/nowhere\/proposal-ls"/);
});

test('a blank configured path means: search PATH', () => {
  const result = findServer({
    configured: '   ',
    envPath: '/usr/local/bin',
    platform: 'linux',
    isExecutable: (f) => f === '/usr/local/bin/proposal-ls',
  });
  assert.deepEqual(result, { found: true, path: '/usr/local/bin/proposal-ls', source: 'path' });
});

test('Windows: PATH split on ";", quotes dropped, proposal-ls.exe looked for', () => {
  const seen: string[] = [];
  const result = findServer({
    envPath: 'C:\\Windows;"C:\\Users\\me\\.cargo\\bin";',
    platform: 'win32',
    isExecutable: (f) => (seen.push(f), f === 'C:\\Users\\me\\.cargo\\bin\\proposal-ls.exe'),
  });
  assert.deepEqual(seen, ['C:\\Windows\\proposal-ls.exe', 'C:\\Users\\me\\.cargo\\bin\\proposal-ls.exe']);
  assert.deepEqual(result, { found: true, path: 'C:\\Users\\me\\.cargo\\bin\\proposal-ls.exe', source: 'path' });
});

test('Windows: a configured path without .exe finds the .exe', () => {
  const result = findServer({
    configured: 'D:\\tools\\proposal-ls',
    platform: 'win32',
    isExecutable: (f) => f === 'D:\\tools\\proposal-ls.exe',
  });
  assert.deepEqual(result, { found: true, path: 'D:\\tools\\proposal-ls.exe', source: 'setting' });
});

test('splitPath keeps the order and drops blanks', () => {
  assert.deepEqual(splitPath('/a: /b ::/c', 'linux'), ['/a', '/b', '/c']);
  assert.deepEqual(splitPath('', 'linux'), []);
  assert.deepEqual(splitPath('C:\\a;C:\\b', 'win32'), ['C:\\a', 'C:\\b']);
});

test('an untrusted workspace is told why its server.path was not used', () => {
  const result = findServer({
    envPath: '/usr/bin',
    platform: 'linux',
    isExecutable: () => false,
    workspacePathIgnored: true,
  });
  assert.equal(result.found, false);
  assert.match(result.found ? '' : result.message, /ignored until you trust the folder/);
});

test('the bundled server wins unless the one on PATH is newer; the setting wins over both', posixOnly, (t) => {
  const root = sandbox(t);
  const bundled = file(path.join(root, 'ext', 'server', 'proposal-ls'), 0o755);
  const onPath = file(path.join(root, 'bin', 'proposal-ls'), 0o755);
  const configured = file(path.join(root, 'mine', 'proposal-ls'), 0o755);
  const versions = (bundledVersion: string, pathVersion: string) => (f: string) =>
    f === bundled ? `proposal-ls ${bundledVersion}\n` : `proposal-ls ${pathVersion}\n`;
  const envPath = path.join(root, 'bin');
  assert.deepEqual(
    findServer({ envPath: '', bundled, platform: 'linux' }),
    { found: true, path: bundled, source: 'bundled' },
    'an empty PATH: the bundled server',
  );
  assert.deepEqual(
    findServer({ envPath, bundled, platform: 'linux', versionOf: versions('0.2.0', '0.1.9') }),
    { found: true, path: bundled, source: 'bundled' },
  );
  assert.deepEqual(
    findServer({ envPath, bundled, platform: 'linux', versionOf: versions('0.2.0', '0.2.0') }),
    { found: true, path: bundled, source: 'bundled' },
    'the same version: the bundled one',
  );
  assert.deepEqual(
    findServer({ envPath, bundled, platform: 'linux', versionOf: versions('0.2.0', '0.10.0') }),
    { found: true, path: onPath, source: 'path' },
    'a newer one on PATH',
  );
  assert.deepEqual(
    findServer({ configured, envPath, bundled, platform: 'linux', versionOf: versions('0.2.0', '0.10.0') }),
    { found: true, path: configured, source: 'setting' },
  );
  assert.deepEqual(
    findServer({ envPath, bundled: path.join(root, 'none', 'proposal-ls'), platform: 'linux' }),
    { found: true, path: onPath, source: 'path' },
    'no bundled server (a universal .vsix): PATH',
  );
});

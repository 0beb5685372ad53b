// The platform-specific .vsix starts the server it carries, with nothing
// on PATH: `.ci/run` packages the extension with the release binary in
// `server/`, unpacks the .vsix and points PROPOSAL_LS_BUNDLED_EXTENSION at
// its `extension/` folder. Skipped without it (a developer's machine).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';

const extension = process.env.PROPOSAL_LS_BUNDLED_EXTENSION;
const skip = extension === undefined && 'PROPOSAL_LS_BUNDLED_EXTENSION is not set (.ci/run sets it)';

test('the packaged extension finds its bundled server with an empty PATH, and it answers', { skip }, async () => {
  const dir = extension ?? '';
  // The extension's own code, as packaged.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const server = require(path.join(dir, 'out', 'server.js')) as typeof import('../server');
  const found = server.findServer({ envPath: '', bundled: server.bundledServer(dir) });
  assert.ok(found.found, JSON.stringify(found));
  assert.equal(found.source, 'bundled');
  assert.equal(found.path, path.join(dir, 'server', process.platform === 'win32' ? 'proposal-ls.exe' : 'proposal-ls'));

  const child = spawn(found.path, [], { env: { PATH: '' }, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  connection.listen();
  try {
    const result = (await connection.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      capabilities: {},
    })) as { serverInfo?: { name: string } };
    assert.equal(result.serverInfo?.name, 'proposal-ls');
    await connection.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
    child.kill();
  }
});

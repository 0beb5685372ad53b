import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  INSERT_MISSING_SECTIONS,
  NEW_PROPOSAL,
  commandAvailability,
  defaultProposalPath,
  executeCommandParams,
  proposalText,
  withMarkdownExtension,
} from '../commands';

test('server commands get the document URI string as their single argument', () => {
  const uri = 'file:///home/me/enhancements/my%20feature.md';
  assert.deepEqual(executeCommandParams(INSERT_MISSING_SECTIONS, uri), {
    command: 'proposal-ls.insertMissingSections',
    arguments: [uri],
  });
  assert.deepEqual(executeCommandParams(NEW_PROPOSAL, uri), {
    command: 'proposal-ls.newProposal',
    arguments: [uri],
  });
});

test('a command is offered only when the server advertises it', () => {
  const both = commandAvailability(['proposal-ls.insertMissingSections', 'proposal-ls.newProposal', 'other']);
  assert.deepEqual(Object.fromEntries(both), {
    'proposalLs.insertMissingSections.available': true,
    'proposalLs.newProposal.available': true,
  });
  const older = commandAvailability(['proposal-ls.insertMissingSections']);
  assert.equal(older.get('proposalLs.newProposal.available'), false);
  assert.equal(older.get('proposalLs.insertMissingSections.available'), true);
  assert.deepEqual([...commandAvailability(undefined).values()], [false, false]);
});

test('the context keys are the ones package.json hides the commands behind', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const when = new Map<string, string>(
    manifest.contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]),
  );
  for (const spec of [INSERT_MISSING_SECTIONS, NEW_PROPOSAL]) {
    assert.ok(when.get(spec.id)?.includes(spec.contextKey), `${spec.id} is hidden behind ${spec.contextKey}`);
    assert.ok(
      manifest.contributes.commands.some((c: { command: string }) => c.command === spec.id),
      `${spec.id} is contributed`,
    );
  }
});

test('the new proposal text must be a string', () => {
  assert.equal(proposalText('---\ntitle: x\n---\n'), '---\ntitle: x\n---\n');
  assert.throws(() => proposalText(null), /proposal-ls\.newProposal returned null/);
  assert.throws(() => proposalText({ text: 'x' }), /not the proposal's text/);
});

const ws = path.join(path.sep, 'work', 'repo');
const other = path.join(path.sep, 'work', 'other');

test('new proposal: beside the proposal being edited', () => {
  const activeFile = path.join(ws, 'enhancements', 'network', 'ovn.md');
  assert.equal(
    defaultProposalPath({ activeFile, workspaceFolders: [ws], home: '/h', isDirectory: () => true }),
    path.join(ws, 'enhancements', 'network', 'new-proposal.md'),
  );
});

test("new proposal: else in the active file's workspace folder's enhancements/", () => {
  const activeFile = path.join(other, 'README.md');
  const dirs = new Set([path.join(other, 'enhancements')]);
  assert.equal(
    defaultProposalPath({ activeFile, workspaceFolders: [ws, other], home: '/h', isDirectory: (d) => dirs.has(d) }),
    path.join(other, 'enhancements', 'new-proposal.md'),
  );
});

test('new proposal: the workspace root when it has no enhancements/, the home folder without a workspace', () => {
  assert.equal(
    defaultProposalPath({ workspaceFolders: [ws], home: '/h', isDirectory: () => false }),
    path.join(ws, 'new-proposal.md'),
  );
  assert.equal(
    defaultProposalPath({ workspaceFolders: [], home: path.join(path.sep, 'h'), isDirectory: () => true }),
    path.join(path.sep, 'h', 'new-proposal.md'),
  );
});

test('a folder merely named like enhancements (enhancements-old) does not count', () => {
  const activeFile = path.join(ws, 'enhancements-old', 'a.md');
  assert.equal(
    defaultProposalPath({ activeFile, workspaceFolders: [ws], home: '/h', isDirectory: () => false }),
    path.join(ws, 'new-proposal.md'),
  );
});

test('a name picked without an extension gets .md', () => {
  assert.equal(withMarkdownExtension('/r/enhancements/my-feature'), '/r/enhancements/my-feature.md');
  assert.equal(withMarkdownExtension('/r/enhancements/my-feature.md'), '/r/enhancements/my-feature.md');
  assert.equal(withMarkdownExtension('/r/x.MARKDOWN'), '/r/x.MARKDOWN');
  assert.equal(withMarkdownExtension('/r/v1.2'), '/r/v1.2.md');
});

// The extension's commands in terms of the server's: names, arguments,
// availability and the new proposal's default location. No `vscode`
// import, so it is unit-tested under plain Node.
import * as path from 'node:path';

export interface CommandSpec {
  /** The VS Code command this extension registers. */
  id: string;
  /** The server command it executes (workspace/executeCommand). */
  serverCommand: string;
  /** Context key that shows it in the Command Palette (see package.json). */
  contextKey: string;
}

export const INSERT_MISSING_SECTIONS: CommandSpec = {
  id: 'proposalLs.insertMissingSections',
  serverCommand: 'proposal-ls.insertMissingSections',
  contextKey: 'proposalLs.insertMissingSections.available',
};

export const NEW_PROPOSAL: CommandSpec = {
  id: 'proposalLs.newProposal',
  serverCommand: 'proposal-ls.newProposal',
  contextKey: 'proposalLs.newProposal.available',
};

export const SERVER_BACKED_COMMANDS = [INSERT_MISSING_SECTIONS, NEW_PROPOSAL];

/** Both server commands take one argument: a document URI string. */
export function executeCommandParams(
  spec: CommandSpec,
  uri: string,
): { command: string; arguments: [string] } {
  return { command: spec.serverCommand, arguments: [uri] };
}

/** Context key -> whether the server advertised the command behind it in
 * `executeCommandProvider.commands` (an older server may lack one). */
export function commandAvailability(advertised: readonly string[] | undefined): Map<string, boolean> {
  const offered = new Set(advertised ?? []);
  return new Map(SERVER_BACKED_COMMANDS.map((c) => [c.contextKey, offered.has(c.serverCommand)]));
}

/** `proposal-ls.newProposal` answers with the proposal's text. */
export function proposalText(result: unknown): string {
  if (typeof result !== 'string') {
    throw new Error(`${NEW_PROPOSAL.serverCommand} returned ${JSON.stringify(result)}, not the proposal's text`);
  }
  return result;
}

export interface LocationContext {
  /** File path of the active editor's document, if any. */
  activeFile?: string;
  /** File paths of the workspace folders, first first. */
  workspaceFolders: string[];
  home: string;
  isDirectory: (dir: string) => boolean;
}

export const NEW_PROPOSAL_NAME = 'new-proposal.md';

/**
 * Where the save dialog for a new proposal starts: beside the proposal being
 * edited, else in the workspace's enhancements/ folder, else the workspace,
 * else the home folder. The server titles the proposal after the file name,
 * so the name is only a hint to replace.
 */
export function defaultProposalPath(ctx: LocationContext): string {
  const active = ctx.activeFile;
  if (active && path.dirname(active).split(path.sep).includes('enhancements')) {
    return path.join(path.dirname(active), NEW_PROPOSAL_NAME);
  }
  const folder =
    ctx.workspaceFolders.find((f) => active !== undefined && isInside(active, f)) ?? ctx.workspaceFolders[0];
  if (folder === undefined) {
    return path.join(ctx.home, NEW_PROPOSAL_NAME);
  }
  const enhancements = path.join(folder, 'enhancements');
  return path.join(ctx.isDirectory(enhancements) ? enhancements : folder, NEW_PROPOSAL_NAME);
}

/** A save dialog may hand back a name without the extension (GTK does). */
export function withMarkdownExtension(file: string): string {
  return /\.(md|markdown)$/i.test(file) ? file : file + '.md';
}

function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel);
}

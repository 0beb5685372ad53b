// The VS Code side: starts proposal-ls, keeps its settings in sync and
// wires the commands. The logic worth testing lives in server.ts,
// settings.ts and commands.ts, which do not import `vscode`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import {
  CommandSpec,
  INSERT_MISSING_SECTIONS,
  NEW_PROPOSAL,
  commandAvailability,
  defaultProposalPath,
  executeCommandParams,
  proposalText,
  withMarkdownExtension,
} from './commands';
import { bundledServer, findServer } from './server';
import { SECTION, ServerSettings, buildSettings, didChangeConfigurationParams, templateProblem } from './settings';

// The client id is also the prefix of `proposalLs.trace.server`, which
// vscode-languageclient reads (and follows) by itself.
const CLIENT_ID = SECTION;
const CLIENT_NAME = 'Proposal LS';

let client: LanguageClient | undefined;
let advertised = new Set<string>();
let extensionUri: vscode.Uri;
// One output channel for the whole session, so a restart does not scatter
// the log over several channels.
let output: vscode.LogOutputChannel;
// Starts and stops run one after another: a settings change that arrives
// while the server is starting must not leave two servers running.
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionUri = context.extensionUri;
  output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(INSERT_MISSING_SECTIONS.id, reportingErrors(insertMissingSections)),
    vscode.commands.registerCommand(NEW_PROPOSAL.id, reportingErrors(newProposal)),
    vscode.commands.registerCommand('proposalLs.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
  );
  return restart();
}

export function deactivate(): Promise<void> {
  return enqueue(stopClient);
}

function enqueue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.catch(() => undefined).then(step);
  return lifecycle;
}

function restart(): Promise<void> {
  return enqueue(async () => {
    await stopClient();
    // Hidden until the new server says it offers them (it may not start).
    await setAvailability(undefined);
    await startClient();
  });
}

/** The server's settings from the current configuration. `checkTemplate`:
 * warn when the template path names no file (at start, and when that
 * setting changes: not on every other change while it stays wrong). */
function currentSettings(checkTemplate: boolean): ServerSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const settings = buildSettings({
    include: config.get('include'),
    exclude: config.get('exclude'),
    template: config.get('template'),
    era: config.get('era'),
    severity: config.get('severity'),
    disabled: config.get('disabled'),
    diagnosticsDelayMs: config.get('diagnosticsDelayMs'),
  });
  const problem = checkTemplate ? templateProblem(settings, firstFolder(), isFile) : undefined;
  if (problem) {
    output.warn(problem);
    void vscode.window.showWarningMessage(problem);
  }
  return settings;
}

function versionOf(file: string): string | undefined {
  const run = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 5000 });
  return run.status === 0 ? run.stdout : undefined;
}

function isFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function firstFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

async function startClient(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const found = findServer({
    configured: config.get<string>('server.path'),
    workspaceFolder: firstFolder(),
    envPath: process.env.PATH,
    workspacePathIgnored:
      !vscode.workspace.isTrusted && config.inspect<string>('server.path')?.workspaceValue !== undefined,
    bundled: bundledServer(extensionUri.fsPath),
    versionOf,
  });
  if (!found.found) {
    output.error(found.message);
    // Not awaited: the notification stays up while the user reads it.
    void offerInstallHelp(found.message);
    return;
  }
  output.info(`Starting ${found.path} (${found.source === 'bundled' ? 'bundled with the extension' : found.source === 'setting' ? 'proposalLs.server.path' : 'from PATH'})`);
  // No arguments: proposal-ls then speaks LSP over stdio.
  const serverOptions: ServerOptions = { command: found.path, args: [] };
  const clientOptions: LanguageClientOptions = {
    // Every markdown file on disk; the server itself answers only for
    // proposals. Keeping VS Code's markdown language (rather than a language
    // of our own) keeps its preview, outline and folding.
    documentSelector: [{ language: 'markdown', scheme: 'file' }],
    initializationOptions: currentSettings(true),
    outputChannel: output,
  };
  const next = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  try {
    await next.start();
  } catch (e) {
    // The client has already shown the failure; keep a line in the log.
    output.error(`${found.path} failed to start: ${errorMessage(e)}`);
    await next.dispose().catch(() => undefined);
    return;
  }
  client = next;
  await setAvailability(next.initializeResult?.capabilities.executeCommandProvider?.commands);
}

async function stopClient(): Promise<void> {
  advertised = new Set();
  const old = client;
  client = undefined;
  if (old) {
    try {
      await old.dispose();
    } catch (e) {
      output.warn(`Stopping the server: ${errorMessage(e)}`);
    }
  }
}

/** Show the commands in the palette only when the server offers them. */
async function setAvailability(commands: readonly string[] | undefined): Promise<void> {
  advertised = new Set(commands ?? []);
  for (const [key, available] of commandAvailability(commands)) {
    await vscode.commands.executeCommand('setContext', key, available);
  }
}

async function offerInstallHelp(message: string): Promise<void> {
  const install = 'Install instructions';
  const settings = 'Open settings';
  const retry = 'Retry';
  const choice = await vscode.window.showErrorMessage(message, install, settings, retry);
  if (choice === install) {
    // The README that ships inside the extension: right for this version,
    // and readable offline.
    // vsce stores it as `readme.md`; a checkout has `README.md`.
    const name = ['readme.md', 'README.md'].find((n) => isFile(vscode.Uri.joinPath(extensionUri, n).fsPath));
    const readme = vscode.Uri.joinPath(extensionUri, name ?? 'README.md');
    await vscode.commands
      .executeCommand('markdown.showPreview', readme)
      .then(undefined, () => vscode.window.showTextDocument(readme));
  } else if (choice === settings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.server.path`);
  } else if (choice === retry) {
    await restart();
  }
}

function onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
  if (!event.affectsConfiguration(SECTION)) {
    return;
  }
  if (event.affectsConfiguration(`${SECTION}.server.path`)) {
    void restart();
    return;
  }
  // The server replaces all its settings with what it is sent, so send
  // them all, not just the one that changed.
  const running = client;
  if (running?.isRunning()) {
    const settings = currentSettings(event.affectsConfiguration(`${SECTION}.template`));
    running
      .sendNotification(DidChangeConfigurationNotification.type, didChangeConfigurationParams(settings))
      .catch((e) => output.error(`Sending the settings: ${errorMessage(e)}`));
  }
}

async function execute(spec: CommandSpec, uri: vscode.Uri): Promise<unknown> {
  const running = client;
  if (!running?.isRunning()) {
    throw new Error(
      'the proposal-ls server is not running (see the "Proposal LS" output); ' +
        'once it is installed, run "Proposal: Restart language server".',
    );
  }
  if (!advertised.has(spec.serverCommand)) {
    throw new Error(`this proposal-ls does not offer ${spec.serverCommand}; update it.`);
  }
  // uri.toString() is also how the client names the document in didOpen,
  // so the server finds the text it holds.
  return running.sendRequest(ExecuteCommandRequest.type, executeCommandParams(spec, uri.toString()));
}

async function insertMissingSections(): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'markdown' || document.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Open a proposal (a markdown file) first.');
    return;
  }
  // The server answers with nothing, then sends the edit (if a section is
  // missing) as workspace/applyEdit, which the client applies.
  await execute(INSERT_MISSING_SECTIONS, document.uri);
}

async function newProposal(): Promise<void> {
  const folders = (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => f.uri.fsPath);
  const active = vscode.window.activeTextEditor?.document.uri;
  const start = defaultProposalPath({
    activeFile: active?.scheme === 'file' ? active.fsPath : undefined,
    workspaceFolders: folders,
    home: os.homedir(),
    isDirectory: (dir) => fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false,
  });
  const picked = await vscode.window.showSaveDialog({
    title: 'New proposal',
    saveLabel: 'Create proposal',
    defaultUri: vscode.Uri.file(start),
    filters: { Markdown: ['md'] },
  });
  if (!picked) {
    return;
  }
  // The dialog has already asked before replacing an existing file.
  const target = picked.with({ path: withMarkdownExtension(picked.path) });
  // The server fills in the template that this path would be checked
  // against, titled after the file name.
  const text = proposalText(await execute(NEW_PROPOSAL, target));
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  await vscode.window.showTextDocument(target);
}

function reportingErrors(command: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await command();
    } catch (e) {
      void vscode.window.showErrorMessage(`Proposal: ${errorMessage(e)}`);
    }
  };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

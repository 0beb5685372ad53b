// Finding the proposal-ls binary. No `vscode` import, so it is unit-tested
// under plain Node; the platform, PATH and file checks are parameters so the
// tests can cover Windows rules on any machine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const SERVER_NAME = 'proposal-ls';

export interface FindOptions {
  /** The `proposalLs.server.path` setting; empty or unset means "search PATH". */
  configured?: string;
  /** Base for a relative `configured` path: the first workspace folder. */
  workspaceFolder?: string;
  /** The PATH to search (process.env.PATH). */
  envPath?: string;
  platform?: NodeJS.Platform;
  home?: string;
  isExecutable?: (file: string) => boolean;
  /** The workspace sets `proposalLs.server.path` but the folder is not
   * trusted, so VS Code withheld it: say so when nothing is found. */
  workspacePathIgnored?: boolean;
  /** The server this extension ships with (a platform-specific .vsix
   * carries one in `server/`), if any. */
  bundled?: string;
  /** A binary's version (`proposal-ls --version`), to tell whether the one
   * on PATH is newer than the bundled one. */
  versionOf?: (file: string) => string | undefined;
}

/** Where the server came from: the setting wins; then the bundled server,
 * unless the one on PATH is newer; then PATH. */
export type Source = 'setting' | 'bundled' | 'path';

export type FindResult =
  | { found: true; path: string; source: Source }
  | { found: false; fromSetting: boolean; message: string };

/** Where a platform-specific .vsix keeps its server: `server/` in the
 * extension's directory. */
export function bundledServer(extensionDir: string, platform: NodeJS.Platform = process.platform): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  return p.join(extensionDir, 'server', platform === 'win32' ? SERVER_NAME + '.exe' : SERVER_NAME);
}

export function findServer(options: FindOptions): FindResult {
  const platform = options.platform ?? process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const isExecutable = options.isExecutable ?? isExecutableFile(platform);

  const configured = options.configured?.trim();
  if (configured) {
    const resolved = resolveConfigured(configured, options, p);
    // On Windows people write the path without `.exe`; accept both.
    const candidates = [resolved];
    if (platform === 'win32' && p.extname(resolved) === '') {
      candidates.push(resolved + '.exe');
    }
    const hit = candidates.find(isExecutable);
    if (hit) {
      return { found: true, path: hit, source: 'setting' };
    }
    return {
      found: false,
      fromSetting: true,
      message: `proposalLs.server.path is set to "${configured}", but ${resolved} is not an executable file.`,
    };
  }

  const dirs = splitPath(options.envPath ?? '', platform);
  // Only the .exe on Windows: cargo installs one, and Node cannot spawn a
  // .cmd/.bat without a shell anyway.
  const name = platform === 'win32' ? SERVER_NAME + '.exe' : SERVER_NAME;
  const onPath = dirs.map((dir) => p.join(dir, name)).find(isExecutable);
  const bundled = options.bundled && isExecutable(options.bundled) ? options.bundled : undefined;
  if (bundled) {
    const versionOf = options.versionOf ?? (() => undefined);
    const newer = onPath !== undefined && isNewer(versionOf(onPath), versionOf(bundled));
    return newer
      ? { found: true, path: onPath, source: 'path' }
      : { found: true, path: bundled, source: 'bundled' };
  }
  if (onPath) {
    return { found: true, path: onPath, source: 'path' };
  }
  return {
    found: false,
    fromSetting: false,
    message:
      `${name} was not found on PATH (${dirs.length} directories searched). ` +
      'Install it with `cargo install --path .` in a proposal-ls checkout, or set proposalLs.server.path.' +
      (options.workspacePathIgnored
        ? " This workspace's proposalLs.server.path is ignored until you trust the folder."
        : ''),
  };
}

/** The version in `proposal-ls --version`'s answer (`proposal-ls 0.2.1`). */
export function parseVersion(output: string | undefined): number[] | undefined {
  const match = output?.match(/(\d+)\.(\d+)\.(\d+)/);
  return match ? match.slice(1, 4).map(Number) : undefined;
}

/** Whether version `a` is newer than `b` (an unknown version never is). */
export function isNewer(a: string | undefined, b: string | undefined): boolean {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  if (!x || !y) {
    return false;
  }
  for (let i = 0; i < 3; i++) {
    if (x[i] !== y[i]) {
      return x[i] > y[i];
    }
  }
  return false;
}

/** The directories of a PATH value, in order, without empty entries. */
export function splitPath(envPath: string, platform: NodeJS.Platform): string[] {
  const delimiter = platform === 'win32' ? ';' : ':';
  return (
    envPath
      .split(delimiter)
      // Windows allows quoted entries ("C:\Program Files\x").
      .map((d) => d.trim().replace(/^"(.*)"$/, '$1'))
      // An empty entry means the current directory, which for the extension
      // host is arbitrary: never run a binary from there.
      .filter((d) => d !== '')
  );
}

function resolveConfigured(configured: string, options: FindOptions, p: path.PlatformPath): string {
  const home = options.home ?? os.homedir();
  if (configured === '~') {
    return home;
  }
  if (configured.startsWith('~/') || configured.startsWith('~\\')) {
    return p.join(home, configured.slice(2));
  }
  if (p.isAbsolute(configured) || !options.workspaceFolder) {
    return p.resolve(configured);
  }
  return p.resolve(options.workspaceFolder, configured);
}

function isExecutableFile(platform: NodeJS.Platform): (file: string) => boolean {
  return (file) => {
    try {
      if (!fs.statSync(file).isFile()) {
        return false;
      }
      // Windows has no execute bit: a file is enough.
      if (platform !== 'win32') {
        fs.accessSync(file, fs.constants.X_OK);
      }
      return true;
    } catch {
      return false;
    }
  };
}

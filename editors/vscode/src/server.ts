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
}

export type FindResult =
  | { found: true; path: string }
  | { found: false; fromSetting: boolean; message: string };

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
      return { found: true, path: hit };
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
  for (const dir of dirs) {
    const candidate = p.join(dir, name);
    if (isExecutable(candidate)) {
      return { found: true, path: candidate };
    }
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

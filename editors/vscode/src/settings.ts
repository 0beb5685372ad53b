// The settings the server takes, built from a snapshot of the `proposalLs`
// configuration. No `vscode` import, so it is unit-tested under plain Node.

import * as path from 'node:path';

export const SECTION = 'proposalLs';
export const DEFAULT_INCLUDE = ['**/enhancements/**/*.md'];

/** What the server reads, as `initializationOptions` or under `proposalLs`
 * in `workspace/didChangeConfiguration` (see the top-level README). */
export interface ServerSettings {
  /** Sent only when it differs from the default, so that a
   * `.proposal-ls.toml`'s `include` applies (editor settings win over it). */
  include?: string[];
  exclude?: string[];
  template?: string;
  era?: 'window' | 'current';
  severity: Record<string, string>;
  disabled: string[];
  diagnosticsDelayMs?: number;
}

/** The configuration values as the user wrote them: settings.json is not
 * validated, so anything may be there. */
export interface ConfigSnapshot {
  include?: unknown;
  exclude?: unknown;
  template?: unknown;
  era?: unknown;
  severity?: unknown;
  disabled?: unknown;
  diagnosticsDelayMs?: unknown;
}

/**
 * Build the server's settings. Values of the wrong type are dropped here
 * because the server parses the object as a whole: one ill-typed value
 * would make it ignore every setting and fall back to its defaults.
 * Unknown rule ids and severities are passed on: the server names them in
 * a warning, which tells the user more than silently dropping them would.
 */
export function buildSettings(config: ConfigSnapshot): ServerSettings {
  const settings: ServerSettings = {
    severity: {},
    disabled: Array.isArray(config.disabled) ? strings(config.disabled) : [],
  };
  // Unset settings are left out: the server then takes them from the
  // nearest .proposal-ls.toml, else its defaults.
  if (Array.isArray(config.include)) {
    const include = strings(config.include);
    if (!sameList(include, DEFAULT_INCLUDE)) {
      settings.include = include;
    }
  }
  if (Array.isArray(config.exclude) && strings(config.exclude).length > 0) {
    settings.exclude = strings(config.exclude);
  }
  if (config.era === 'window' || config.era === 'current') {
    settings.era = config.era;
  }
  // Empty means "no template setting": the server then looks for the
  // nearest guidelines/enhancement_template.md. An empty string sent on
  // would instead name the workspace root itself.
  if (typeof config.template === 'string' && config.template.trim() !== '') {
    settings.template = config.template.trim();
  }
  const delay = config.diagnosticsDelayMs;
  if (typeof delay === 'number' && Number.isFinite(delay) && delay >= 0) {
    settings.diagnosticsDelayMs = Math.round(delay);
  }
  if (isPlainObject(config.severity)) {
    for (const [rule, level] of Object.entries(config.severity)) {
      if (typeof level === 'string') {
        settings.severity[rule] = level.trim().toLowerCase();
      }
    }
  }
  return settings;
}

/** The `workspace/didChangeConfiguration` params for these settings. */
export function didChangeConfigurationParams(settings: ServerSettings): {
  settings: { proposalLs: ServerSettings };
} {
  return { settings: { proposalLs: settings } };
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function strings(values: unknown[]): string[] {
  return values
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A warning when the template setting names no file. The server then falls
 * back to its built-in template without a word, which looks like the
 * setting being ignored. A relative path is taken from the first workspace
 * folder, as the server takes it.
 */
export function templateProblem(
  settings: ServerSettings,
  workspaceFolder: string | undefined,
  isFile: (file: string) => boolean,
): string | undefined {
  if (settings.template === undefined) {
    return undefined;
  }
  const resolved =
    path.isAbsolute(settings.template) || workspaceFolder === undefined
      ? settings.template
      : path.join(workspaceFolder, settings.template);
  if (isFile(resolved)) {
    return undefined;
  }
  return `proposalLs.template is set to "${settings.template}", but ${resolved} is not a file: the server uses its built-in template instead.`;
}

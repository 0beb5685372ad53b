import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { DEFAULT_INCLUDE, buildSettings, didChangeConfigurationParams, templateProblem } from '../settings';

test('defaults: nothing set, so a .proposal-ls.toml or the server defaults apply', () => {
  assert.deepEqual(buildSettings({}), {
    severity: {},
    disabled: [],
  });
  // VS Code returns the declared default when unset: not sent either.
  assert.deepEqual(buildSettings({ include: [...DEFAULT_INCLUDE], exclude: [], era: '' }), {
    severity: {},
    disabled: [],
  });
});

test('exclude and era are sent when set', () => {
  const settings = buildSettings({ exclude: ['**/old/**'], era: 'current' });
  assert.deepEqual(settings.exclude, ['**/old/**']);
  assert.equal(settings.era, 'current');
  assert.equal('era' in buildSettings({ era: 'later' }), false);
});

test('values as VS Code returns them for a configured workspace pass through', () => {
  const settings = buildSettings({
    include: ['docs/**/*.md', '**/enhancements/**/*.md'],
    template: 'guidelines/enhancement_template.md',
    severity: { 'section-order': 'hint', 'empty-section': 'off' },
    disabled: ['title-format'],
  });
  assert.deepEqual(settings, {
    include: ['docs/**/*.md', '**/enhancements/**/*.md'],
    template: 'guidelines/enhancement_template.md',
    severity: { 'section-order': 'hint', 'empty-section': 'off' },
    disabled: ['title-format'],
  });
});

test('an empty or blank template is left out, so the server looks for the nearest one', () => {
  assert.equal('template' in buildSettings({ template: '' }), false);
  assert.equal('template' in buildSettings({ template: '   ' }), false);
  assert.equal(buildSettings({ template: ' /abs/t.md ' }).template, '/abs/t.md');
  // JSON (what goes over the wire) has no template key at all.
  assert.doesNotMatch(JSON.stringify(buildSettings({ template: '' })), /template/);
});

test('an empty include list is kept: only front-matter detection remains', () => {
  assert.deepEqual(buildSettings({ include: [] }).include, []);
});

test('ill-typed values are dropped rather than sent (the server would reject the whole object)', () => {
  const settings = buildSettings({
    include: '**/*.md',
    template: 42,
    severity: { 'section-order': 3, 'empty-section': 'WARNING ', nested: { a: 1 } },
    disabled: ['title-format', null, 7, '', ' placeholder '],
  });
  assert.deepEqual(settings, {
    severity: { 'empty-section': 'warning' },
    disabled: ['title-format', 'placeholder'],
  });
  assert.deepEqual(buildSettings({ severity: ['error'] }).severity, {});
  assert.deepEqual(buildSettings({ severity: null }).severity, {});
  assert.deepEqual(buildSettings({ disabled: 'title-format' }).disabled, []);
});

test('unknown rule ids and levels are passed on for the server to warn about', () => {
  const settings = buildSettings({ severity: { 'no-such-rule': 'loud' }, disabled: ['nope'] });
  assert.deepEqual(settings.severity, { 'no-such-rule': 'loud' });
  assert.deepEqual(settings.disabled, ['nope']);
});

test('didChangeConfiguration sends the settings under proposalLs', () => {
  const settings = buildSettings({ disabled: ['title-format'] });
  assert.deepEqual(didChangeConfigurationParams(settings), {
    settings: { proposalLs: { severity: {}, disabled: ['title-format'] } },
  });
});

test('a template path that names no file is reported, relative ones from the workspace folder', () => {
  const files = new Set([path.join('/ws', 'guidelines', 'enhancement_template.md'), '/abs/template.md']);
  const isFile = (f: string) => files.has(f);
  const check = (template: string, folder?: string) => templateProblem(buildSettings({ template }), folder, isFile);
  assert.equal(check(''), undefined);
  assert.equal(check('guidelines/enhancement_template.md', '/ws'), undefined);
  assert.equal(check('/abs/template.md', '/ws'), undefined);
  assert.match(
    check('guidelines/enhancement-template.md', '/ws') ?? '',
    /^proposalLs\.template is set to "guidelines\/enhancement-template\.md", but \/ws\/guidelines\/enhancement-template\.md is not a file/,
  );
  assert.match(check('/abs/missing.md', '/ws') ?? '', /built-in template instead/);
});

test('the diagnostics delay passes through when it is a number of milliseconds', () => {
  assert.equal(buildSettings({ diagnosticsDelayMs: 120.4 }).diagnosticsDelayMs, 120);
  assert.equal(buildSettings({ diagnosticsDelayMs: 0 }).diagnosticsDelayMs, 0);
  for (const bad of [-1, '50', null, Number.NaN]) {
    assert.equal(buildSettings({ diagnosticsDelayMs: bad }).diagnosticsDelayMs, undefined);
  }
});

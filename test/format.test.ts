import { yamlBomb } from './helpers/hostile.js';
import { GLOBAL_ACCESS } from '../src/catalog/types.js';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CatalogSnapshot, type SkillEntry } from '../src/catalog/index.js';
import { compareVersionsDesc, parseSkill, type Diagnostic, type ParseOptions, type ParseOutcome, type ParsedSkill } from '../src/format/index.js';

// ---------------------------------------------------------------------------------------------
// helpers

const AGENT = { file: 'my-skill/SKILL.md', layout: 'agent-skills' } as const satisfies ParseOptions;
const FLAT = { file: 'core/my-skill.md', layout: 'flat' } as const satisfies ParseOptions;

/** Builds a skill file from frontmatter lines and a body. */
function skillFile(frontmatter: string[], body = '# Title\n\nDo the thing.\n'): string {
  return ['---', ...frontmatter, '---', body].join('\n');
}

function sha256Of(bytes: Uint8Array | string): string {
  return 'sha256:' + createHash('sha256').update(bytes).digest('hex');
}

/** Parses and fails the test with the diagnostics when the file did not load. */
function parseOk(raw: Uint8Array | string, options: ParseOptions = AGENT): { skill: ParsedSkill; diagnostics: Diagnostic[] } {
  const outcome = parseSkill(raw, options);
  if (!outcome.ok) throw new Error(`expected the skill to load, got ${JSON.stringify(outcome.diagnostics, null, 2)}`);
  expect(outcome.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  return { skill: outcome.skill, diagnostics: outcome.diagnostics };
}

/** Parses, expects a failure, and returns the error diagnostics. */
function parseErr(raw: Uint8Array | string, options: ParseOptions = AGENT): Diagnostic[] {
  let outcome: ParseOutcome | undefined;
  expect(() => {
    outcome = parseSkill(raw, options);
  }).not.toThrow();
  if (!outcome) throw new Error('no outcome');
  expect(outcome.ok).toBe(false);
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(error.file).toBe(options.file);
    expect(typeof error.field).toBe('string');
    expect(error.field.length).toBeGreaterThan(0);
    expect(error.message.length).toBeGreaterThan(0);
  }
  return errors;
}

/** The one diagnostic with `code`, asserting its field and (when given) its line. */
function expectDiag(diagnostics: Diagnostic[], code: string, field: string, line?: number): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code && d.field === field);
  if (found.length === 0) throw new Error(`no ${code} on ${field} in ${JSON.stringify(diagnostics, null, 2)}`);
  const diagnostic = found[0]!;
  if (line !== undefined) expect(diagnostic.line).toBe(line);
  return diagnostic;
}

function expectErrorWithLine(diagnostics: Diagnostic[], code: string, field: string, line: number): void {
  const d = expectDiag(diagnostics, code, field, line);
  expect(d.severity).toBe('error');
}

const BOMB = yamlBomb('bomb');

// ---------------------------------------------------------------------------------------------

describe('parseSkill: layouts and manifest', () => {
  it('reads an Agent Skills SKILL.md', () => {
    const raw = skillFile(
      ['name: my-skill', 'description: Does things. Use when asked to do things.', 'license: Apache-2.0', 'compatibility: Requires git'],
      '# My skill\n\nStep one.\n',
    );
    const { skill, diagnostics } = parseOk(raw, { ...AGENT, expectedName: 'my-skill' });
    expect(diagnostics).toEqual([]);
    expect(skill.warnings).toEqual([]);
    expect(skill.manifest.name).toBe('my-skill');
    expect(skill.manifest.description).toBe('Does things. Use when asked to do things.');
    expect(skill.manifest.license).toBe('Apache-2.0');
    expect(skill.manifest.compatibility).toBe('Requires git');
    expect(skill.body).toBe('# My skill\n\nStep one.\n');
  });

  it('reads a flat Shannon file with every Shannon field', () => {
    const raw = skillFile([
      'name: code-review',
      'version: 2.3.4',
      'author: Shannon',
      'category: development',
      'description: Reviews code',
      'requires_tools:',
      '  - file_read',
      '  - bash',
      'requires_role: critic',
      'budget_max: 5000',
      'dangerous: true',
      'enabled: false',
      'metadata:',
      '  complexity: medium',
      '  estimated_duration: 5min',
    ]);
    const { skill, diagnostics } = parseOk(raw, { ...FLAT, expectedName: 'code-review', defaultCategory: 'core' });
    expect(diagnostics).toEqual([]);
    expect(skill.manifest).toMatchObject({
      name: 'code-review',
      version: '2.3.4',
      author: 'Shannon',
      category: 'development',
      description: 'Reviews code',
      requires_tools: ['file_read', 'bash'],
      requires_role: 'critic',
      budget_max: 5000,
      dangerous: true,
      enabled: false,
      metadata: { complexity: 'medium', estimated_duration: '5min' },
    });
  });

  it('uses the default category (the parent folder) when the frontmatter has none', () => {
    const { skill } = parseOk(skillFile(['name: my-skill']), { ...FLAT, defaultCategory: 'core' });
    expect(skill.manifest.category).toBe('core');
    const none = parseOk(skillFile(['name: my-skill', 'description: d']), AGENT);
    expect(none.skill.manifest.category).toBe('uncategorized');
  });

  it('keeps unknown frontmatter keys in manifest.frontmatter', () => {
    const raw = skillFile([
      'name: my-skill',
      'description: d',
      'x-team: platform',
      'tags: [a, b]',
      'nested:',
      '  deep:',
      '    value: 3',
      'dangerous: false',
    ]);
    const { skill } = parseOk(raw);
    expect(skill.manifest.frontmatter).toEqual({
      name: 'my-skill',
      description: 'd',
      'x-team': 'platform',
      tags: ['a', 'b'],
      nested: { deep: { value: 3 } },
      dangerous: false,
    });
  });

  it('content_hash is sha256: + hex of the raw bytes', () => {
    const raw = skillFile(['name: my-skill', 'description: d'], '# Body é ✓\n');
    const bytes = Buffer.from(raw, 'utf8');
    const fromBytes = parseOk(bytes).skill.contentHash;
    const fromString = parseOk(raw).skill.contentHash;
    expect(fromBytes).toBe(sha256Of(bytes));
    expect(fromBytes).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fromString).toBe(fromBytes);
    // One byte of difference changes the hash.
    expect(parseOk(raw.replace('Body', 'body')).skill.contentHash).not.toBe(fromBytes);
  });

  it('applies defaults: version 1.0.0, enabled true, dangerous false', () => {
    const { skill, diagnostics } = parseOk(skillFile(['name: my-skill', 'description: d']));
    expect(diagnostics).toEqual([]);
    expect(skill.manifest).toMatchObject({
      version: '1.0.0',
      enabled: true,
      dangerous: false,
      author: null,
      license: null,
      compatibility: null,
      requires_role: null,
      requires_tools: [],
      allowed_tools: [],
      budget_max: null,
      metadata: {},
    });
  });
});

describe('parseSkill: versions', () => {
  it('coerces `version: 1.0` to 1.0.0 with a warning naming the field and its line', () => {
    const raw = skillFile(['name: my-skill', 'description: d', 'version: 1.0']);
    const { skill, diagnostics } = parseOk(raw);
    expect(skill.manifest.version).toBe('1.0.0');
    const warning = expectDiag(diagnostics, 'version_coerced', 'version', 4);
    expect(warning.severity).toBe('warning');
    expect(warning.file).toBe(AGENT.file);
    expect(skill.warnings).toEqual(diagnostics);
  });

  it('reads `version: 1.10` as 1.10.0, not 1.1.0', () => {
    const { skill } = parseOk(skillFile(['name: my-skill', 'description: d', 'version: 1.10']));
    expect(skill.manifest.version).toBe('1.10.0');
  });

  it('coerces `v2` to 2.0.0 with a warning', () => {
    const { skill, diagnostics } = parseOk(skillFile(['name: my-skill', 'description: d', 'version: v2']));
    expect(skill.manifest.version).toBe('2.0.0');
    expectDiag(diagnostics, 'version_coerced', 'version', 4);
  });

  it('keeps a prerelease version as written, without a warning', () => {
    const { skill, diagnostics } = parseOk(skillFile(['name: my-skill', 'description: d', 'version: 1.0.0-beta.1']));
    expect(skill.manifest.version).toBe('1.0.0-beta.1');
    expect(diagnostics).toEqual([]);
  });

  it('rejects a version without a number', () => {
    const errors = parseErr(skillFile(['name: my-skill', 'description: d', 'version: abc']));
    expectErrorWithLine(errors, 'invalid_version', 'version', 4);
  });

  it('rejects a version that is not text or a number', () => {
    const errors = parseErr(skillFile(['name: my-skill', 'description: d', 'version: [1, 0]']));
    expectErrorWithLine(errors, 'wrong_type', 'version', 4);
  });
});

describe('parseSkill: errors name file, field and line', () => {
  it('no frontmatter', () => {
    const errors = parseErr('# Just markdown\n\nname: x\n');
    expectErrorWithLine(errors, 'no_frontmatter', 'frontmatter', 1);
  });

  it('unterminated frontmatter', () => {
    const errors = parseErr('---\nname: my-skill\ndescription: d\n\n# Body\n');
    expectErrorWithLine(errors, 'unterminated_frontmatter', 'frontmatter', 1);
  });

  it('frontmatter that is a list', () => {
    const errors = parseErr(skillFile(['- name', '- description']));
    expectErrorWithLine(errors, 'frontmatter_not_mapping', 'frontmatter', 2);
  });

  it('frontmatter that is a scalar', () => {
    const errors = parseErr(skillFile(['just some words']));
    expectErrorWithLine(errors, 'frontmatter_not_mapping', 'frontmatter', 2);
  });

  it('empty frontmatter', () => {
    const errors = parseErr(skillFile([]));
    expect(errors[0]!.field).toBe('frontmatter');
    expect(errors[0]!.line).toBeTypeOf('number');
  });

  it('missing name', () => {
    const errors = parseErr(skillFile(['description: d']));
    const d = expectDiag(errors, 'missing_field', 'name');
    expect(d.line).toBeTypeOf('number');
  });

  it('name that is not a string', () => {
    const errors = parseErr(skillFile(['description: d', 'name: 42']));
    expectErrorWithLine(errors, 'wrong_type', 'name', 3);
  });

  it('requires_tools given as a string', () => {
    const errors = parseErr(skillFile(['name: my-skill', 'description: d', 'requires_tools: bash']));
    expectErrorWithLine(errors, 'wrong_type', 'requires_tools', 4);
  });

  it('dangerous given as "yes"', () => {
    const errors = parseErr(skillFile(['name: my-skill', 'description: d', 'dangerous: "yes"']));
    expectErrorWithLine(errors, 'wrong_type', 'dangerous', 4);
  });

  it('enabled given as a string', () => {
    const errors = parseErr(skillFile(['name: my-skill', 'description: d', 'enabled: "false"']));
    expectErrorWithLine(errors, 'wrong_type', 'enabled', 4);
  });

  it.each(['1.5', '-1', '0', '"100"'])('budget_max %s', (value) => {
    const errors = parseErr(skillFile(['name: my-skill', 'description: d', `budget_max: ${value}`]));
    expectErrorWithLine(errors, 'wrong_type', 'budget_max', 4);
  });

  it('metadata given as a list', () => {
    const errors = parseErr(skillFile(['name: my-skill', 'description: d', 'metadata:', '  - a', '  - b']));
    expectErrorWithLine(errors, 'wrong_type', 'metadata', 4);
  });

  it('reports every wrong field at once, each with its own line', () => {
    const errors = parseErr(skillFile(['name: my-skill', 'description: d', 'requires_tools: bash', 'dangerous: "yes"', 'budget_max: 1.5']));
    expectErrorWithLine(errors, 'wrong_type', 'requires_tools', 4);
    expectErrorWithLine(errors, 'wrong_type', 'dangerous', 5);
    expectErrorWithLine(errors, 'wrong_type', 'budget_max', 6);
  });

  it('a dangerous skill without description (flat layout too)', () => {
    const errors = parseErr(skillFile(['name: my-skill', 'dangerous: true']), FLAT);
    const d = expectDiag(errors, 'missing_field', 'description');
    expect(d.severity).toBe('error');
    expect(d.line).toBeTypeOf('number');
    const blank = parseErr(skillFile(['name: my-skill', 'description: "  "', 'dangerous: true']), FLAT);
    expectDiag(blank, 'missing_field', 'description');
  });

  it('an empty body', () => {
    const errors = parseErr(skillFile(['name: my-skill', 'description: d'], '\n   \n\t\n'));
    expectErrorWithLine(errors, 'empty_body', 'body', 5);
    const none = parseErr('---\nname: my-skill\ndescription: d\n---');
    expectDiag(none, 'empty_body', 'body');
  });

  it('a missing description in the Agent Skills layout, but not in the flat layout', () => {
    const raw = skillFile(['name: my-skill']);
    const errors = parseErr(raw, AGENT);
    const d = expectDiag(errors, 'missing_field', 'description');
    expect(d.line).toBeTypeOf('number');
    // layout defaults to agent-skills
    expectDiag(parseErr(raw, { file: 'x/SKILL.md' }), 'missing_field', 'description');
    const flat = parseOk(raw, FLAT);
    expect(flat.skill.manifest.description).toBe('');
  });

  it('an empty description in the Agent Skills layout is as bad as a missing one', () => {
    // The Agent Skills spec requires a non-empty description.
    expectDiag(parseErr(skillFile(['name: my-skill', 'description:'])), 'missing_field', 'description');
    expectDiag(parseErr(skillFile(['name: my-skill', 'description: ""'])), 'missing_field', 'description');
  });

  it('broken YAML points at the right file line', () => {
    const raw = skillFile(['name: my-skill', 'description: d', 'bad: a: b', 'other: 1']);
    const errors = parseErr(raw);
    expectErrorWithLine(errors, 'yaml_syntax', 'frontmatter', 4);
    // Further down, after a comment and a blank line.
    const lower = parseErr(skillFile(['# a comment', '', 'name: my-skill', 'description: d', '', 'license: x', 'oops: a: b']));
    expectErrorWithLine(lower, 'yaml_syntax', 'frontmatter', 8);
    // A tab used for indentation.
    const tabbed = parseErr(skillFile(['name: my-skill', 'description: d', 'metadata:', '\tfoo: 1']));
    expectErrorWithLine(tabbed, 'yaml_syntax', 'frontmatter', 5);
  });

  it('duplicate keys', () => {
    const errors = parseErr(skillFile(['name: my-skill', 'description: d', 'name: other']));
    expectErrorWithLine(errors, 'yaml_syntax', 'frontmatter', 4);
  });
});

describe('parseSkill: warnings', () => {
  it('a name that is not Agent-Skills-conformant loads with a warning', () => {
    const { skill, diagnostics } = parseOk(skillFile(['name: My_Skill', 'description: d']));
    expect(skill.manifest.name).toBe('My_Skill');
    const w = expectDiag(diagnostics, 'name_not_conformant', 'name', 2);
    expect(w.severity).toBe('warning');
    expect(w.file).toBe(AGENT.file);
  });

  it('a conformant name over 64 characters gets a warning', () => {
    const name = 'a'.repeat(65);
    const { diagnostics } = parseOk(skillFile([`name: ${name}`, 'description: d']));
    expectDiag(diagnostics, 'name_not_conformant', 'name', 2);
    expect(parseOk(skillFile([`name: ${'a'.repeat(64)}`, 'description: d'])).diagnostics).toEqual([]);
  });

  it('a name differing from its folder (Agent Skills) or file name (flat)', () => {
    const agent = parseOk(skillFile(['description: d', 'name: other-name']), { ...AGENT, expectedName: 'my-skill' });
    const w = expectDiag(agent.diagnostics, 'name_mismatch', 'name', 3);
    expect(w.severity).toBe('warning');
    expect(w.message).toContain('my-skill');
    const flat = parseOk(skillFile(['name: other-name']), { ...FLAT, expectedName: 'my-skill' });
    expectDiag(flat.diagnostics, 'name_mismatch', 'name', 2);
    // Same name: no warning.
    expect(parseOk(skillFile(['name: my-skill', 'description: d']), { ...AGENT, expectedName: 'my-skill' }).diagnostics).toEqual([]);
  });

  it('a description over 1024 characters', () => {
    const long = 'x'.repeat(1025);
    const { skill, diagnostics } = parseOk(skillFile(['name: my-skill', `description: ${long}`]));
    expect(skill.manifest.description).toBe(long);
    expectDiag(diagnostics, 'description_too_long', 'description', 3);
    expect(parseOk(skillFile(['name: my-skill', `description: ${'x'.repeat(1024)}`])).diagnostics).toEqual([]);
  });

  it('a body over 500 lines', () => {
    const body = Array.from({ length: 600 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const { diagnostics } = parseOk(skillFile(['name: my-skill', 'description: d'], body));
    const w = expectDiag(diagnostics, 'body_too_long', 'body');
    expect(w.severity).toBe('warning');
  });

  it('a body of exactly 500 lines (with its final newline) is not over 500 lines', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    expect(parseOk(skillFile(['name: my-skill', 'description: d'], lines(500))).diagnostics).toEqual([]);
    expectDiag(parseOk(skillFile(['name: my-skill', 'description: d'], lines(501))).diagnostics, 'body_too_long', 'body');
  });
});

describe('parseSkill: allowed-tools', () => {
  it('splits a space-separated string and keeps `Bash(git status:*)` whole', () => {
    const { skill } = parseOk(skillFile(['name: my-skill', 'description: d', 'allowed-tools: Read Grep Bash(git status:*) Write']));
    expect(skill.manifest.allowed_tools).toEqual(['Read', 'Grep', 'Bash(git status:*)', 'Write']);
    expect(skill.manifest.frontmatter['allowed-tools']).toBe('Read Grep Bash(git status:*) Write');
  });

  it('accepts a list', () => {
    const { skill } = parseOk(skillFile(['name: my-skill', 'description: d', 'allowed-tools:', '  - Read', '  - Bash(git diff:*)']));
    expect(skill.manifest.allowed_tools).toEqual(['Read', 'Bash(git diff:*)']);
  });

  it('rejects a mapping', () => {
    const errors = parseErr(skillFile(['name: my-skill', 'description: d', 'allowed-tools:', '  read: true']));
    expectErrorWithLine(errors, 'wrong_type', 'allowed-tools', 4);
  });
});

describe('parseSkill: encodings', () => {
  it('CRLF line endings parse fine', () => {
    const raw = skillFile(['name: my-skill', 'description: d', 'version: 1.2.3', 'requires_tools:', '  - bash']).replace(/\n/g, '\r\n');
    const { skill, diagnostics } = parseOk(raw, { ...AGENT, expectedName: 'my-skill' });
    expect(diagnostics).toEqual([]);
    expect(skill.manifest.name).toBe('my-skill');
    expect(skill.manifest.description).toBe('d');
    expect(skill.manifest.version).toBe('1.2.3');
    expect(skill.manifest.requires_tools).toEqual(['bash']);
    expect(skill.body).toContain('Do the thing.');
    expect(skill.contentHash).toBe(sha256Of(raw));
  });

  it('CRLF keeps line numbers right', () => {
    const raw = skillFile(['name: my-skill', 'description: d', 'version: 1.0']).replace(/\n/g, '\r\n');
    expectDiag(parseOk(raw).diagnostics, 'version_coerced', 'version', 4);
    const broken = skillFile(['name: my-skill', 'description: d', 'x: a: b']).replace(/\n/g, '\r\n');
    expectErrorWithLine(parseErr(broken), 'yaml_syntax', 'frontmatter', 4);
  });

  it('a UTF-8 BOM parses fine and is part of the hashed bytes', () => {
    const text = skillFile(['name: my-skill', 'description: d']);
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const { skill, diagnostics } = parseOk(bytes, { ...AGENT, expectedName: 'my-skill' });
    expect(diagnostics).toEqual([]);
    expect(skill.manifest.name).toBe('my-skill');
    expect(skill.contentHash).toBe(sha256Of(bytes));
    expect(parseOk('\uFEFF' + text).skill.manifest.name).toBe('my-skill');
  });
});

describe('parseSkill: hostile input never throws', () => {
  it('a YAML bomb (billion laughs) gives an error fast', () => {
    const started = performance.now();
    const errors = parseErr(BOMB);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(errors[0]!.field).toBe('frontmatter');
    expect(errors[0]!.line).toBeTypeOf('number');
  });

  it('a 10 MB input gives file_too_large', () => {
    const head = Buffer.from(skillFile(['name: my-skill', 'description: d']), 'utf8');
    const bytes = Buffer.concat([head, Buffer.alloc(10 * 1024 * 1024, 'a')]);
    const started = performance.now();
    const errors = parseErr(bytes);
    expect(performance.now() - started).toBeLessThan(2000);
    expectDiag(errors, 'file_too_large', 'file');
    expect(parseErr(bytes.toString('utf8')).some((d) => d.code === 'file_too_large')).toBe(true);
  });

  it('invalid UTF-8 bytes give an error', () => {
    const bytes = Buffer.concat([Buffer.from('---\nname: my-skill\ndescription: d\n---\n'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80, 0x81])]);
    const errors = parseErr(bytes);
    expect(errors[0]!.field).toBe('file');
  });

  it('NUL bytes give an error', () => {
    const bytes = Buffer.from('---\nname: my-skill\ndescription: d\n---\nbody\u0000more\n', 'utf8');
    expect(parseErr(bytes)[0]!.field).toBe('file');
    expect(parseErr(bytes.toString('utf8'))[0]!.field).toBe('file');
  });

  it('random binary gives an error', () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    parseErr(bytes);
  });

  it.each([
    ['a path traversal', '"../etc"'],
    ['a path traversal inside', '"skills/../../etc"'],
    ['a slash', '"a/b"'],
    ['a NUL', '"bad\\0name"'],
    ['an @', '"my-skill@1.0.0"'],
    ['a leading dot', '".hidden"'],
    ['two dots', '"a..b"'],
    ['a space', '"my skill"'],
  ])('a name containing %s gives invalid_name', (_label, name) => {
    const errors = parseErr(skillFile([`name: ${name}`, 'description: d']));
    expectErrorWithLine(errors, 'invalid_name', 'name', 2);
  });
});

// ---------------------------------------------------------------------------------------------

describe('semver ordering', () => {
  it('compareVersionsDesc puts newer first and a prerelease below its release', () => {
    expect(compareVersionsDesc('1.0.0-beta', '1.0.0')).toBeGreaterThan(0);
    expect(compareVersionsDesc('1.0.0', '1.0.0-beta')).toBeLessThan(0);
    expect(compareVersionsDesc('1.10.0', '1.9.0')).toBeLessThan(0);
    expect(compareVersionsDesc('1.9.0', '1.10.0')).toBeGreaterThan(0);
    expect(compareVersionsDesc('2.0.0', '2.0.0')).toBe(0);
    const sorted = ['1.9.0', '1.0.0', '1.10.0', '1.0.0-beta', '0.9.9', '1.0.0-alpha'].sort(compareVersionsDesc);
    expect(sorted).toEqual(['1.10.0', '1.9.0', '1.0.0', '1.0.0-beta', '1.0.0-alpha', '0.9.9']);
  });

  it('a CatalogSnapshot orders versions by semver, not by text', () => {
    const entries = ['1.9.0', '1.0.0-beta', '1.10.0', '1.0.0'].map((version) => entryFromFile('orderly', version));
    const snapshot = CatalogSnapshot.build(1, [{ entries, errors: [] }]);
    expect(snapshot.versions('orderly')?.map((e) => e.version)).toEqual(['1.10.0', '1.9.0', '1.0.0', '1.0.0-beta']);
    expect(snapshot.resolve('orderly')?.version).toBe('1.10.0');
    const betaOnly = CatalogSnapshot.build(1, [{ entries: [entryFromFile('b', '1.0.0-beta'), entryFromFile('b', '0.9.0')], errors: [] }]);
    expect(betaOnly.resolve('b')?.version).toBe('1.0.0-beta');
  });
});

/** A catalog entry made from a real parsed file. */
function entryFromFile(name: string, version: string): SkillEntry {
  const { skill } = parseOk(skillFile([`name: ${name}`, 'description: d', `version: ${version}`]));
  return {
    name,
    version: skill.manifest.version,
    manifest: skill.manifest,
    body: skill.body,
    contentHash: skill.contentHash,
    warnings: skill.warnings,
    source: 'filesystem',
    sourceId: `test:${name}-${version}.md`,
    sourceOrder: 0,
    updatedAt: '2026-01-01T00:00:00.000Z',
    access: GLOBAL_ACCESS,
    isSystem: false,
    sourcePath: `${name}-${version}.md`,
    layout: 'flat',
    files: [],
    loadedAt: new Date().toISOString(),
  };
}

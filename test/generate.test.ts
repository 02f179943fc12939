import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSkill } from '../src/format/index.js';
import { CONFORMANT_NAME } from '../src/format/limits.js';
import { FAKE_MODEL, startFakeOpenAi, type FakeOpenAi } from './helpers/fake-openai.js';
import { OWNER_KEY, startServer, type TestServer } from './helpers/server.js';

const VALID = `---
name: terraform-plan-review
description: Review a Terraform plan for risky changes. Use when asked to check a plan before apply.
---

# Terraform plan review

## When to use

- Before \`terraform apply\`.

## Steps

1. Read the plan.
2. Flag deletions and IAM changes.

## Output

A list of risky changes.

## Guardrails

- Never apply the plan.
`;

let fake: FakeOpenAi;
let withModel: TestServer;
let scaffolding: TestServer;
const keys: Record<string, string> = {};

interface Streamed {
  status: number;
  contentType: string | null;
  events: Array<Record<string, any>>;
  body: Record<string, any>;
}

async function generate(target: TestServer, body: unknown, key = OWNER_KEY): Promise<Streamed> {
  const res = await target.call('POST', '/api/skills/generate', body, { 'x-api-key': key });
  const text = await res.text();
  const contentType = res.headers.get('content-type');
  if (!contentType?.startsWith('text/event-stream')) return { status: res.status, contentType, events: [], body: JSON.parse(text) as Record<string, any> };
  const events = text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => JSON.parse(block.slice(6)) as Record<string, any>);
  return { status: res.status, contentType, events, body: {} };
}

const done = (s: Streamed) => s.events.at(-1)!;
const typesOf = (s: Streamed) => s.events.map((e) => e.type);

beforeAll(async () => {
  fake = await startFakeOpenAi();
  withModel = await startServer({
    env: { SKILLPORT_MODEL_BASE_URL: fake.url, SKILLPORT_MODEL: FAKE_MODEL, SKILLPORT_MODEL_RETRY_BASE_MS: '10', SKILLPORT_MODEL_MAX_RETRIES: '1' },
  });
  scaffolding = await startServer();
  for (const [id, role] of [['wes', 'member'], ['vi', 'viewer']] as const) {
    await scaffolding.call('POST', '/api/users', { id, name: id, role });
    keys[id] = ((await (await scaffolding.call('POST', '/api/keys', { name: id, user_id: id })).json()) as { key: string }).key;
  }
});
afterAll(async () => {
  await withModel.close();
  await scaffolding.close();
  await fake.close();
});

describe('without a model provider: a deterministic scaffold', () => {
  const description = 'Review Terraform plans for risky changes before apply. Flag resource deletions. Flag IAM policy changes. Estimate the blast radius.';

  it('builds a valid, well-structured SKILL.md and says it is a scaffold', async () => {
    const streamed = await generate(scaffolding, { type: 'generate', description }, keys.wes);
    expect(streamed.status).toBe(200);
    expect(typesOf(streamed)).toEqual(['notice', 'content', 'validation', 'scan', 'done']);
    expect(streamed.events[0]).toMatchObject({ type: 'notice', kind: 'scaffold', message: expect.stringContaining('scaffold') });
    const final = done(streamed);
    expect(final).toMatchObject({ type: 'done', valid: true, scaffold: true, name: 'review-terraform-plans-for-risky-changes' });
    expect(streamed.events[1]!.text).toBe(final.content);
    expect(streamed.events[2]).toMatchObject({ valid: true, errors: [] });
    expect(streamed.events[3]).toMatchObject({ type: 'scan', verdict: expect.stringMatching(/^(passed|flagged|error)$/), files_scanned: 1 });

    const parsed = parseSkill(final.content, { file: 'SKILL.md', layout: 'agent-skills' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
    expect(parsed.skill.manifest.name).toMatch(CONFORMANT_NAME);
    expect(parsed.skill.warnings).toEqual([]);
    expect(parsed.skill.manifest.description).toMatch(/^Review Terraform plans for risky changes before apply\. Use this skill when/);
    for (const section of ['## When to use', '## Steps', '## Output', '## Guardrails']) expect(final.content).toContain(section);
    expect(final.content).toContain('Flag IAM policy changes.');

    // The same words always give the same file.
    expect(done(await generate(scaffolding, { type: 'generate', description }, keys.wes)).content).toBe(final.content);
  });

  it('uses the given name (made kebab-case) and description', async () => {
    const final = done(await generate(scaffolding, { type: 'generate', description: 'Summarise incidents.', name: 'Incident Summary v2!', skill_description: 'Summarise an incident for executives.' }));
    expect(final.name).toBe('incident-summary-v2');
    expect(final.content).toMatch(/^---\nname: incident-summary-v2\ndescription: Summarise an incident for executives\.\n/);
  });

  it('enhances: keeps the author\'s text and adds what is missing', async () => {
    const current = '---\nname: My Notes\ntags: keep-me\n---\n# Notes\n\nWrite release notes from merged PRs.\n\n## Steps\n\n1. List the PRs.\n';
    const streamed = await generate(scaffolding, { type: 'enhance', current_content: current, instruction: 'make it better' });
    const final = done(streamed);
    expect(final).toMatchObject({ valid: true, scaffold: true, name: 'my-notes' });
    expect(final.content).toContain('tags: keep-me');
    expect(final.content).toContain('Write release notes from merged PRs.');
    expect(final.content.match(/## Steps/g)).toHaveLength(1);
    for (const section of ['## When to use', '## Output', '## Guardrails']) expect(final.content).toContain(section);
    expect(parseSkill(final.content, { file: 'SKILL.md' }).ok).toBe(true);

    const bare = done(await generate(scaffolding, { type: 'enhance', current_content: 'Just some instructions with no frontmatter.' }));
    expect(bare.valid).toBe(true);
  });

  it('refuses bad input with a 400 before any stream starts', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ type: 'generate' }, /description is required/],
      [{ type: 'generate', description: '   ' }, /description is required/],
      [{ type: 'enhance', instruction: 'shorter' }, /current_content is required/],
      [{ type: 'generate', description: 'x'.repeat(9_000) }, /description/],
      [{ type: 'enhance', current_content: 'x'.repeat(300 * 1024) }, /current_content/],
      [{ type: 'rewrite', description: 'x' }, /type/],
      [{ type: 'generate', description: 'x', name: '!!!' }, /name must contain/],
    ];
    for (const [body, message] of cases) {
      const res = await generate(scaffolding, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.contentType).toMatch(/json/);
      expect(res.body.error).toMatch(message);
    }
  });

  it('needs skills:write, and audits each generation', async () => {
    expect((await generate(scaffolding, { type: 'generate', description: 'x' }, keys.vi)).status).toBe(403);
    await generate(scaffolding, { type: 'generate', description: 'Audit me please.' }, keys.wes);
    const audit = (await scaffolding.app.store.audit.query({ action: 'skill.generate', limit: 1 }))[0];
    expect(audit).toMatchObject({ actor_id: 'wes', outcome: 'success', details: { type: 'generate', scaffold: true, valid: true } });
  });
});

describe('with a model provider', () => {
  it('streams the model\'s SKILL.md, validates and scans it', async () => {
    fake.reply = VALID;
    const before = fake.count;
    const streamed = await generate(withModel, { type: 'generate', description: 'Review Terraform plans', name: 'terraform-plan-review' });
    expect(typesOf(streamed).filter((t) => t !== 'content')).toEqual(['validation', 'scan', 'done']);
    const text = streamed.events.filter((e) => e.type === 'content').map((e) => e.text).join('');
    expect(text).toBe(VALID);
    expect(done(streamed)).toMatchObject({ valid: true, scaffold: false, name: 'terraform-plan-review', content: VALID });
    const sent = fake.requests[before]!.body;
    expect(sent.messages[0].role).toBe('system');
    expect(sent.messages[1].content).toContain('Use exactly this name: terraform-plan-review');
    expect(sent.messages[1].content).toContain('Review Terraform plans');
    expect(sent).toMatchObject({ model: FAKE_MODEL, stream: true, max_tokens: 4096 });
  });

  it('takes the SKILL.md out of a code fence', async () => {
    fake.reply = `\`\`\`markdown\n${VALID}\`\`\`\n`;
    expect(done(await generate(withModel, { type: 'generate', description: 'x' }))).toMatchObject({ valid: true, content: VALID });
  });

  it('asks once more with the validation errors when the first answer is invalid', async () => {
    let calls = 0;
    fake.reply = () => (++calls === 1 ? '# No frontmatter at all\n\nJust text.\n' : VALID);
    const before = fake.count;
    const streamed = await generate(withModel, { type: 'enhance', current_content: '# old\n\nstuff\n', instruction: 'tighten it' });
    const types = typesOf(streamed).filter((t, i, all) => t !== 'content' || all[i - 1] !== 'content');
    expect(types).toEqual(['content', 'validation', 'reset', 'content', 'validation', 'scan', 'done']);
    expect(streamed.events.find((e) => e.type === 'validation')).toMatchObject({ attempt: 1, valid: false, errors: [{ code: 'no_frontmatter' }] });
    expect(done(streamed)).toMatchObject({ valid: true, content: VALID });
    const retry = fake.requests[before + 1]!.body.messages;
    expect(retry.at(-2)).toEqual({ role: 'assistant', content: '# No frontmatter at all\n\nJust text.\n' });
    expect(retry.at(-1).content).toMatch(/^That SKILL.md is not valid:\n- line 1, frontmatter: file has no frontmatter/);
    expect(fake.requests[before]!.body.messages[1].content).toContain('Instruction: tighten it');
  });

  it('reports an error when the second answer is invalid too', async () => {
    fake.reply = 'still not a skill';
    const streamed = await generate(withModel, { type: 'generate', description: 'x' });
    expect(typesOf(streamed).slice(-3)).toEqual(['scan', 'error', 'done']);
    expect(streamed.events.at(-2)).toMatchObject({ type: 'error', code: 'invalid_skill' });
    expect(done(streamed)).toMatchObject({ valid: false, content: 'still not a skill\n' });
  });

  it('reports a provider failure in the stream', async () => {
    fake.queue({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const streamed = await generate(withModel, { type: 'generate', description: 'x' });
    expect(typesOf(streamed)).toEqual(['error', 'done']);
    expect(streamed.events[0]).toMatchObject({ type: 'error', code: 'provider_error', message: 'Model provider failed: the model provider answered 500: fake failure 500' });
    expect(done(streamed)).toMatchObject({ valid: false, content: '' });
  });
});

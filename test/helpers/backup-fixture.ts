import { apiKeyPrefix, hashApiKey } from '../../src/auth/api-key.js';
import type { SkillConfig, Store } from '../../src/store/index.js';
import { OWNER_KEY } from './server.js';

export const MEMBER_KEY = `sk_${'fedcba9876543210'.repeat(4)}`;
export const REVOKED_KEY = `sk_${'0f1e2d3c4b5a6978'.repeat(4)}`;
const T = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
/** Text that trips up careless encoders: quotes, newlines, tabs, backslashes, emoji, right-to-left. */
export const AWKWARD = 'line one\nline "two"\t\\ back\r\nemoji 🧪 — עברית ‮ end';

export const skillMd = (name: string, description: string) => `---\nname: ${name}\ndescription: ${description}\n---\n\n# Steps\n\n1. ${AWKWARD}\n`;

/**
 * Puts rows in every table a backup covers, through the store: enough of the larger tables to
 * need several pages (and a table with a two-column key among them), rows large enough to need
 * several archive parts, nulls, and text that is awkward to encode.
 */
export async function populate(store: Store): Promise<void> {
  await store.transaction(async (s) => {
    await s.users.create({ id: 'owner', name: 'Owner', email: 'owner@example.com', role: 'owner', created_at: T(0), updated_at: T(0) });
    await s.users.create({ id: 'mia', name: AWKWARD, email: null, role: 'member', created_at: T(1), updated_at: T(2) });
    for (let u = 0; u < 20; u++) await s.users.create({ id: `user-${String(u).padStart(2, '0')}`, name: `User ${u}`, email: `u${u}@example.com`, role: 'viewer', created_at: T(3), updated_at: T(3) });
    for (let t = 0; t < 30; t++) {
      await s.teams.create({ id: `team-${String(t).padStart(2, '0')}`, name: `team-${t}`, description: t === 0 ? AWKWARD : '', created_at: T(4) });
      for (let u = 0; u < 20; u++) await s.teams.addMember(`team-${String(t).padStart(2, '0')}`, `user-${String(u).padStart(2, '0')}`);
    }
    await s.teams.addMember('team-00', 'mia');
    const key = (id: string, secret: string, user: string, extra: Partial<Parameters<Store['keys']['create']>[0]> = {}) =>
      s.keys.create({ id, name: id, prefix: apiKeyPrefix(secret), hash: hashApiKey(secret), user_id: user, role: user === 'owner' ? 'owner' : 'member', scopes: [], teams: [], expires_at: null, last_used_at: null, revoked_at: null, created_at: T(5), created_by: 'owner', ...extra });
    await key('key_owner', OWNER_KEY, 'owner');
    await key('key_mia', MEMBER_KEY, 'mia', { scopes: ['skills:read', 'tasks:run'], teams: ['team-0'], expires_at: '2099-01-01T00:00:00.000Z', last_used_at: T(9) });
    await key('key_revoked', REVOKED_KEY, 'mia', { revoked_at: T(8) });
    await s.shares.create({ id: 'shr_team', name: AWKWARD, prefix: 'abcdef12', hash: 'e'.repeat(64), kind: 'team', team_id: 'team-00', skills: [], created_by: 'owner', created_at: T(6), expires_at: null, revoked_at: null });
    await s.shares.create({ id: 'shr_gone', name: 'old link', prefix: '12abcdef', hash: 'f'.repeat(64), kind: 'skills', team_id: null, skills: ['restored-skill'], created_by: 'mia', created_at: T(6), expires_at: '2099-01-01T00:00:00.000Z', revoked_at: T(7) });
    for (let i = 0; i < 1200; i++) {
      await s.audit.append({ at: T(i), actor_id: i % 3 ? 'owner' : null, actor_kind: 'key', action: 'skill.update', resource_type: 'skill_config', resource_id: `cfg-${i}`, outcome: 'success', ip: '127.0.0.1', request_id: null, details: { i, note: i === 7 ? AWKWARD : undefined } });
    }

    for (const [n, name] of ['restored-skill', 'team-skill'].entries()) {
      let config: SkillConfig = {
        id: `cfg_${name}`, name, description: `The ${name}`, category: 'ops', version: '1.0.0', visibility: n === 0 ? 'global' : 'team', shared_with_teams: n === 0 ? [] : ['team-0'],
        owner_id: n === 0 ? 'owner' : 'mia', is_system: false, template_source_id: null, skill_content: skillMd(name, `The ${name}`), tasks: [{ display_text: 'Run', llm_prompt: AWKWARD, subagent: 'none' }],
        metadata: { tags: ['a', 'b'] }, ancillary_files: { 'scripts/run.sh': '#!/bin/sh\necho hi\n' }, scan_status: 'passed', scan_summary: { verdict: 'passed' }, revision: 1, created_at: T(10), updated_at: T(10),
      };
      await s.configs.create(config);
      await s.configs.addRevision({ config_id: config.id, revision: 1, version: '1.0.0', action: 'create', actor_id: config.owner_id, config, created_at: T(10) });
      const edited = { ...config, version: '1.1.0', description: `The ${name}, edited`, skill_content: skillMd(name, `The ${name}, edited`), revision: 2, updated_at: T(11) };
      await s.configs.update(edited, 1);
      await s.configs.addRevision({ config_id: config.id, revision: 2, version: '1.1.0', action: 'update', actor_id: null, config: edited, created_at: T(11) });
      config = edited;
    }
    await s.configs.create({
      id: 'cfg_system', name: 'system-template', description: 'A packaged template', category: 'general', version: '2.0.0', visibility: 'global', shared_with_teams: [], owner_id: 'system', is_system: true,
      template_source_id: 'templates/system-template', skill_content: skillMd('system-template', 'A packaged template'), tasks: [], metadata: {}, ancillary_files: {}, scan_status: 'unscanned', scan_summary: null, revision: 1, created_at: T(12), updated_at: T(12),
    });

    await s.webhooks.create({ id: 'wh_1', url: 'https://hooks.example.com/skillport', secret: 'whsec_not-a-real-secret', events: ['skill.created'], active: true, created_at: T(13), created_by: 'owner', updated_at: T(13) });
    await s.webhooks.create({ id: 'wh_2', url: 'https://hooks.example.com/off', secret: 'whsec_two', events: [], active: false, created_at: T(13), created_by: null, updated_at: T(14) });
    for (const [i, status] of (['succeeded', 'failed', 'pending'] as const).entries()) {
      await s.webhooks.createDelivery({ id: `del_${i}`, webhook_id: 'wh_1', event_id: 40 + i, event_type: 'skill.created', payload: JSON.stringify({ name: 'restored-skill', text: AWKWARD }), status, attempts: i + 1, last_status_code: status === 'pending' ? null : 200 + i * 300, last_error: status === 'failed' ? 'connection refused' : null, next_attempt_at: status === 'pending' ? T(60) : null, created_at: T(15), updated_at: T(16) });
    }

    await s.scans.addResult({ id: 'config:cfg_restored-skill', digest: `sha256:${'a'.repeat(64)}`, skill_id: 'config:cfg_restored-skill', name: 'restored-skill', version: '1.1.0', source: 'config', verdict: 'flagged', max_severity: 'HIGH', counts: { HIGH: 1 }, findings: [{ rule: 'x', snippet: AWKWARD }], errors: [], rule_pack_version: '1', trigger: 'save', job_id: null, scanned_at: T(17) });
    await s.scans.addResult({ id: 'fs:other', digest: `sha256:${'b'.repeat(64)}`, skill_id: 'fs:other', name: 'other', version: '1.0.0', source: 'filesystem', verdict: 'passed', max_severity: null, counts: {}, findings: [], errors: ['one'], rule_pack_version: '1', trigger: 'job', job_id: 'scanjob_1', scanned_at: T(18) });
    await s.scans.createJob({ id: 'scanjob_1', kind: 'catalog', status: 'succeeded', params: { names: ['other'] }, targets: ['other@1.0.0'], total: 1, done: 1, passed: 1, flagged: 0, errored: 0, error: null, cancel_requested: false, attempts: 1, created_by: 'owner', created_at: T(18), started_at: T(18), finished_at: T(19), heartbeat_at: null });
    await s.scans.createJob({ id: 'scanjob_2', kind: 'source', status: 'queued', params: { source: 'config' }, targets: null, total: 0, done: 0, passed: 0, flagged: 0, errored: 0, error: null, cancel_requested: true, attempts: 0, created_by: null, created_at: T(20), started_at: null, finished_at: null, heartbeat_at: null });
    await s.scans.putPolicy({ policy: { mode: 'block', block_at: 'HIGH' }, updated_at: T(21), updated_by: 'owner' });
    await s.scans.addOverride({ id: 'ovr_1', digest: `sha256:${'a'.repeat(64)}`, skill_id: 'config:cfg_restored-skill', name: 'restored-skill', version: '1.1.0', reason: AWKWARD, created_by: 'owner', created_at: T(22), expires_at: null });

    await s.tasks.create({
      id: 'task_1', status: 'succeeded', query: AWKWARD, skill: 'restored-skill', skill_version: '1.1.0', skill_source: 'config', dangerous: false, authority: null, session_id: 'sess', context: { a: 1 },
      expansion: { system_prompt: 'You are', role: null, tools: ['bash'], budget_max: 3, model: 'm' }, result: 'done', usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }, finish_reason: 'stop', error: null, error_code: null,
      owner_id: 'owner', actor_kind: 'key', key_id: 'key_owner', request_id: 'req-1', node_id: 'node-a', cancel_requested: false, created_at: T(23), started_at: T(23), finished_at: T(24), heartbeat_at: T(24), updated_at: T(24),
    });

    await s.credentials.create({ id: 'cred_1', name: 'github', kind: 'token', username: null, secret_sealed: 'v1.bm9uY2U=.dGFn.c2VhbGVk', created_by: 'owner', created_at: T(25), updated_at: T(25) });
    await s.hubs.create({
      id: 'hub_1', name: 'team-hub', repository: 'https://git.example.com/skills.git', ref: 'main', paths: ['skills'], credentials_ref: 'github', sync_interval_s: 600, enabled: true, visibility: 'global', shared_with_teams: [],
      created_by: 'owner', created_at: T(26), updated_at: T(26), last_commit: 'c'.repeat(40), last_ref: 'main', last_sync_at: T(27), last_attempt_at: T(27), last_duration_ms: 1234, last_status: 'ok', last_error: null,
      skills_count: 3, sync_errors: [{ path: 'skills/bad/SKILL.md', code: 'invalid', error: AWKWARD }], result_version: 4, claimed_by: null, claim_until: null,
    });
    // Large enough for more than one archive part at the part size the tests use.
    const big = 'x'.repeat(48 * 1024);
    await s.hubs.replaceSkills('hub_1', [0, 1, 2].map((i) => ({
      hub_id: 'hub_1', path: `skills/hub-skill-${i}/SKILL.md`, name: `hub-skill-${i}`, version: '1.0.0', layout: 'agent-skills' as const, content: skillMd(`hub-skill-${i}`, `Hub skill ${i}`) + big,
      files: [{ path: 'SKILL.md', size: 10, sha256: 'd'.repeat(64), encoding: 'utf8' as const, content: AWKWARD }], digest: `sha256:${String(i).repeat(64)}`, commit: 'c'.repeat(40), updated_at: T(27),
    })));
    await s.importJobs.create({ id: 'imp_done', status: 'succeeded', params: { url: 'https://git.example.com/a.git' }, progress: { stage: 'done', files: 3, skills_found: 1, done: 1 }, result: { created: ['x'] }, error: null, error_code: null, node_id: 'node-a', created_by: 'owner', created_at: T(28), updated_at: T(29), finished_at: T(29) });
    await s.importJobs.create({ id: 'imp_running', status: 'running', params: { url: 'https://git.example.com/b.git' }, progress: { stage: 'fetching', files: 0, skills_found: 0, done: 0 }, result: null, error: null, error_code: null, node_id: 'node-a', created_by: 'owner', created_at: T(30), updated_at: T(30), finished_at: null });
  });
}

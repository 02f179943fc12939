import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../src/auth/api-key.js';
import { EXAMPLES_DIR, OWNER_KEY, startServer, type TestServer } from './helpers/server.js';

/**
 * Every route × every kind of caller, with the status each must get. A route that exists on the
 * server without an entry here fails the suite, so new routes cannot skip this review.
 */
const CALLERS = ['anonymous', 'viewer', 'member', 'admin', 'owner', 'lacking_scope', 'expired', 'revoked'] as const;
type Caller = (typeof CALLERS)[number];
type Expect = Record<Caller, number>;

const row = (anonymous: number, viewer: number, member: number, admin: number, owner: number, lacking_scope: number, expired = 401, revoked = 401): Expect => ({
  anonymous, viewer, member, admin, owner, lacking_scope, expired, revoked,
});
const PUBLIC = row(200, 200, 200, 200, 200, 200, 200, 200);
const READ = row(401, 200, 200, 200, 200, 403);
const ADMIN = (ok: number) => row(401, 403, 403, ok, ok, 403);

interface Case {
  /** Builds the request; called once per caller so each gets fresh resources to act on. */
  request: () => Promise<{ path: string; body?: unknown }>;
  expect: Expect;
}

let server: TestServer;
const keys: Partial<Record<Caller, string>> = {};
const ids = { viewer: 'u-viewer', member: 'u-member', admin: 'u-admin' };

async function owner(method: string, path: string, body?: unknown): Promise<Record<string, any>> {
  const res = await server.call(method, path, body);
  expect(res.status, `${method} ${path} as owner`).toBeLessThan(300);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, any>);
}

const fresh = () => randomUUID().slice(0, 8);
const throwawayUser = async () => (await owner('POST', '/api/users', { id: `tmp-${fresh()}`, name: 'Temp', role: 'member' })).id as string;
const skillMd = (name: string) => `---\nname: ${name}\ndescription: Matrix skill\n---\n# ${name}\n\nDo it.\n`;
const privateConfig = async () => (await owner('POST', '/api/skills/configs', { skill_content: skillMd(`private-${fresh()}`) })).id as string;
const ownerShare = async () => (await owner('POST', '/api/shares', { name: `matrix-${fresh()}` })) as { token: string; share: { id: string } };
const throwawayTeam = async () => (await owner('POST', '/api/teams', { name: `team-${fresh()}` })).name as string;
// Inactive, so catalog changes during the suite send it nothing; port 9 (discard) refuses a ping at once.
const throwawayWebhook = async () => (await owner('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/matrix', active: false })).webhook.id as string;

const CASES: Record<string, Case> = {
  'GET /healthz': { request: async () => ({ path: '/healthz' }), expect: PUBLIC },
  'GET /readyz': { request: async () => ({ path: '/readyz' }), expect: PUBLIC },
  'GET /openapi.json': { request: async () => ({ path: '/openapi.json' }), expect: PUBLIC },
  'GET /metrics': { request: async () => ({ path: '/metrics' }), expect: ADMIN(200) },
  'GET /api/v1/skills': { request: async () => ({ path: '/api/v1/skills' }), expect: READ },
  'GET /api/v1/skills/_errors': { request: async () => ({ path: '/api/v1/skills/_errors' }), expect: READ },
  'GET /api/v1/skills/:ref': { request: async () => ({ path: '/api/v1/skills/deep-research@1.0.0' }), expect: READ },
  'GET /api/v1/skills/:name/versions': { request: async () => ({ path: '/api/v1/skills/deep-research/versions' }), expect: READ },
  'GET /api/skills': { request: async () => ({ path: '/api/skills' }), expect: READ },
  'GET /api/me': { request: async () => ({ path: '/api/me' }), expect: row(401, 200, 200, 200, 200, 200) },
  'GET /api/keys': { request: async () => ({ path: '/api/keys' }), expect: row(401, 200, 200, 200, 200, 200) },
  'POST /api/keys': { request: async () => ({ path: '/api/keys', body: { name: 'matrix' } }), expect: row(401, 201, 201, 201, 201, 201) },
  'DELETE /api/keys/:id': {
    // Someone else's key: only admins may revoke it.
    request: async () => ({ path: `/api/keys/${(await owner('POST', '/api/keys', { name: 'victim' })).api_key.id}` }),
    expect: row(401, 403, 403, 200, 200, 403),
  },
  'GET /api/users': { request: async () => ({ path: '/api/users' }), expect: ADMIN(200) },
  'POST /api/users': { request: async () => ({ path: '/api/users', body: { name: 'New', role: 'viewer', id: `new-${fresh()}` } }), expect: ADMIN(201) },
  'GET /api/users/:id': { request: async () => ({ path: `/api/users/${ids.member}` }), expect: ADMIN(200) },
  'PATCH /api/users/:id': { request: async () => ({ path: `/api/users/${await throwawayUser()}`, body: { name: 'Renamed' } }), expect: ADMIN(200) },
  'DELETE /api/users/:id': { request: async () => ({ path: `/api/users/${await throwawayUser()}` }), expect: ADMIN(204) },
  'GET /api/teams': { request: async () => ({ path: '/api/teams' }), expect: ADMIN(200) },
  'POST /api/teams': { request: async () => ({ path: '/api/teams', body: { name: `t-${fresh()}` } }), expect: ADMIN(201) },
  // Members read their own team; the viewer and the narrowed key are not in it.
  'GET /api/teams/:id': { request: async () => ({ path: '/api/teams/platform' }), expect: row(401, 403, 200, 200, 200, 403) },
  'DELETE /api/teams/:id': { request: async () => ({ path: `/api/teams/${await throwawayTeam()}` }), expect: ADMIN(204) },
  'POST /api/teams/:id/members': {
    request: async () => ({ path: `/api/teams/${await throwawayTeam()}/members`, body: { user_id: ids.viewer } }),
    expect: ADMIN(204),
  },
  'DELETE /api/teams/:id/members/:user_id': {
    request: async () => {
      const team = await throwawayTeam();
      await owner('POST', `/api/teams/${team}/members`, { user_id: ids.viewer });
      return { path: `/api/teams/${team}/members/${ids.viewer}` };
    },
    expect: ADMIN(204),
  },
  'GET /api/audit': { request: async () => ({ path: '/api/audit' }), expect: ADMIN(200) },
  // replay_only=true sends what is held and ends the response, so the request finishes.
  'GET /api/skills/events': { request: async () => ({ path: '/api/skills/events?replay_only=true' }), expect: READ },
  // MCP: a request without a session (and not an initialize) is refused with 400 once the caller may read.
  'GET /api/skills/prompt': { request: async () => ({ path: '/api/skills/prompt?limit=5' }), expect: READ },
  'GET /mcp': { request: async () => ({ path: '/mcp' }), expect: row(401, 400, 400, 400, 400, 403) },
  'POST /mcp': { request: async () => ({ path: '/mcp', body: { jsonrpc: '2.0', id: 1, method: 'tools/list' } }), expect: row(401, 400, 400, 400, 400, 403) },
  'DELETE /mcp': { request: async () => ({ path: '/mcp' }), expect: row(401, 400, 400, 400, 400, 403) },
  'GET /api/webhooks': { request: async () => ({ path: '/api/webhooks' }), expect: ADMIN(200) },
  'POST /api/webhooks': { request: async () => ({ path: '/api/webhooks', body: { url: 'https://example.com/matrix', active: false } }), expect: ADMIN(201) },
  'GET /api/webhooks/:id': { request: async () => ({ path: `/api/webhooks/${await throwawayWebhook()}` }), expect: ADMIN(200) },
  'PATCH /api/webhooks/:id': { request: async () => ({ path: `/api/webhooks/${await throwawayWebhook()}`, body: { events: ['skill.deleted'] } }), expect: ADMIN(200) },
  'DELETE /api/webhooks/:id': { request: async () => ({ path: `/api/webhooks/${await throwawayWebhook()}` }), expect: ADMIN(204) },
  'GET /api/webhooks/:id/deliveries': { request: async () => ({ path: `/api/webhooks/${await throwawayWebhook()}/deliveries` }), expect: ADMIN(200) },
  'POST /api/webhooks/:id/test': { request: async () => ({ path: `/api/webhooks/${await throwawayWebhook()}/test` }), expect: ADMIN(200) },
  'GET /api/skills/configs': { request: async () => ({ path: '/api/skills/configs' }), expect: READ },
  'POST /api/skills/configs': { request: async () => ({ path: '/api/skills/configs', body: { skill_content: skillMd(`matrix-${fresh()}`) } }), expect: row(401, 403, 201, 201, 201, 403) },
  // The owner's private skill: invisible (404) to members, changeable by admins.
  'PUT /api/skills/configs': { request: async () => ({ path: `/api/skills/configs?id=${await privateConfig()}`, body: { description: 'Changed' } }), expect: row(401, 403, 404, 200, 200, 403) },
  'DELETE /api/skills/configs': { request: async () => ({ path: `/api/skills/configs?id=${await privateConfig()}` }), expect: row(401, 403, 404, 204, 204, 403) },
  'GET /api/skills/configs/revisions': { request: async () => ({ path: `/api/skills/configs/revisions?id=${await privateConfig()}` }), expect: row(401, 404, 404, 200, 200, 403) },
  'POST /api/skills/configs/restore': { request: async () => ({ path: '/api/skills/configs/restore', body: { id: await privateConfig(), revision: 1 } }), expect: row(401, 403, 404, 200, 200, 403) },
  'GET /api/skills/templates': { request: async () => ({ path: '/api/skills/templates' }), expect: READ },
  'POST /api/skills/templates/import': { request: async () => ({ path: '/api/skills/templates/import', body: { template_ids: ['runbook'] } }), expect: ADMIN(200) },
  'GET /api/skills/seed': { request: async () => ({ path: '/api/skills/seed' }), expect: ADMIN(200) },
  'POST /api/skills/seed': { request: async () => ({ path: '/api/skills/seed' }), expect: ADMIN(200) },
  'POST /skills/refresh': { request: async () => ({ path: '/skills/refresh?include_hubs=false' }), expect: ADMIN(200) },
  'GET /skills/status': { request: async () => ({ path: '/skills/status' }), expect: READ },
  'POST /api/skills/validate': { request: async () => ({ path: '/api/skills/validate', body: { content: skillMd('matrix') } }), expect: row(401, 403, 200, 200, 200, 403) },
  'GET /api/ui/config': { request: async () => ({ path: '/api/ui/config' }), expect: PUBLIC },
  // Public, and refused the same way for everyone while no identity provider is configured.
  'POST /api/ui/oidc/token': { request: async () => ({ path: '/api/ui/oidc/token', body: { code: 'c', code_verifier: 'v'.repeat(43), redirect_uri: 'http://127.0.0.1/auth/callback' } }), expect: row(404, 404, 404, 404, 404, 404, 404, 404) },
  'GET /*': { request: async () => ({ path: '/' }), expect: PUBLIC },
  'POST /skills/scan-content': { request: async () => ({ path: '/skills/scan-content', body: { name: 'matrix', content: skillMd('matrix') } }), expect: row(401, 403, 200, 200, 200, 403) },
  'GET /api/skills/quarantine-policy': { request: async () => ({ path: '/api/skills/quarantine-policy' }), expect: READ },
  'PUT /api/skills/quarantine-policy': { request: async () => ({ path: '/api/skills/quarantine-policy', body: { mode: 'block' } }), expect: ADMIN(200) },
  'GET /api/skills/scan-override': { request: async () => ({ path: '/api/skills/scan-override' }), expect: ADMIN(200) },
  'POST /api/skills/scan-override': { request: async () => ({ path: '/api/skills/scan-override', body: { name: 'deep-research', reason: 'matrix review' } }), expect: ADMIN(201) },
  'DELETE /api/skills/scan-override': {
    request: async () => ({ path: `/api/skills/scan-override?id=${(await owner('POST', '/api/skills/scan-override', { name: 'code-review', reason: 'matrix review' })).id}` }),
    expect: ADMIN(200),
  },
  // Imports and hubs: requests that pass the access check and then fail validation, so no caller reaches the network.
  'POST /api/skills/import-github': { request: async () => ({ path: '/api/skills/import-github', body: { repo: 'ftp://example.com/repo' } }), expect: row(401, 403, 400, 400, 400, 403) },
  'POST /api/skills/import': { request: async () => ({ path: '/api/skills/import', body: { url: 'ftp://example.com/repo' } }), expect: row(401, 403, 400, 400, 400, 403) },
  'GET /api/skills/import-jobs/:id': { request: async () => ({ path: '/api/skills/import-jobs/no-such-job' }), expect: row(401, 403, 404, 404, 404, 403) },
  'GET /api/skills/hubs': { request: async () => ({ path: '/api/skills/hubs' }), expect: ADMIN(200) },
  'POST /api/skills/hubs': { request: async () => ({ path: '/api/skills/hubs', body: { url: 'ftp://example.com/repo' } }), expect: ADMIN(400) },
  'PUT /api/skills/hubs': { request: async () => ({ path: '/api/skills/hubs?id=no-such-hub', body: { enabled: false } }), expect: ADMIN(404) },
  'DELETE /api/skills/hubs': { request: async () => ({ path: '/api/skills/hubs?id=no-such-hub' }), expect: ADMIN(404) },
  'POST /api/skills/hubs/:id/sync': { request: async () => ({ path: '/api/skills/hubs/no-such-hub/sync' }), expect: ADMIN(404) },
  'POST /api/skills/hubs/preview': { request: async () => ({ path: '/api/skills/hubs/preview', body: { url: 'ftp://example.com/repo' } }), expect: ADMIN(400) },
  'GET /api/credentials': { request: async () => ({ path: '/api/credentials' }), expect: ADMIN(200) },
  'POST /api/credentials': { request: async () => ({ path: '/api/credentials', body: { name: `matrix-${fresh()}`, kind: 'token', value: 'matrix-secret-value' } }), expect: ADMIN(201) },
  'PUT /api/credentials/:name': { request: async () => ({ path: '/api/credentials/no-such-credential', body: { value: 'matrix-secret-value' } }), expect: ADMIN(404) },
  'DELETE /api/credentials/:name': { request: async () => ({ path: '/api/credentials/no-such-credential' }), expect: ADMIN(404) },
  'POST /api/skills/scan-jobs': { request: async () => ({ path: '/api/skills/scan-jobs', body: { kind: 'source', source: 'config' } }), expect: ADMIN(202) },
  'GET /api/skills/scan-jobs': { request: async () => ({ path: '/api/skills/scan-jobs' }), expect: ADMIN(200) },
  'GET /api/skills/scan-jobs/:id': { request: async () => ({ path: `/api/skills/scan-jobs/${(await owner('POST', '/api/skills/re-scan', { names: ['deep-research'] })).id}` }), expect: ADMIN(200) },
  'POST /api/skills/scan-jobs/:id/cancel': { request: async () => ({ path: `/api/skills/scan-jobs/${await foreignRunningJob()}/cancel` }), expect: ADMIN(200) },
  'POST /api/skills/re-scan': { request: async () => ({ path: '/api/skills/re-scan', body: { names: ['deep-research'] } }), expect: ADMIN(202) },
  'GET /api/skills/:ref/artifacts': { request: async () => ({ path: '/api/skills/incident-triage/artifacts' }), expect: READ },
  'GET /api/skills/:ref/SKILL.md': { request: async () => ({ path: '/api/skills/incident-triage/SKILL.md' }), expect: READ },
  'GET /api/skills/:ref/files/*': { request: async () => ({ path: '/api/skills/incident-triage/files/references/severity-matrix.md' }), expect: READ },
  'GET /api/skills/:ref/bundle.tar.gz': { request: async () => ({ path: '/api/skills/incident-triage/bundle.tar.gz' }), expect: READ },
  'GET /api/skills/:ref/bundle.zip': { request: async () => ({ path: '/api/skills/incident-triage/bundle.zip' }), expect: READ },
  'GET /.well-known/agent-skills/index.json': { request: async () => ({ path: '/.well-known/agent-skills/index.json' }), expect: READ },
  'GET /.well-known/agent-skills/:ref/SKILL.md': { request: async () => ({ path: '/.well-known/agent-skills/incident-triage/SKILL.md' }), expect: READ },
  'GET /.well-known/agent-skills/:ref/bundle.tar.gz': { request: async () => ({ path: '/.well-known/agent-skills/incident-triage/bundle.tar.gz' }), expect: READ },
  'GET /.well-known/agent-skills/:ref/bundle.zip': { request: async () => ({ path: '/.well-known/agent-skills/incident-triage/bundle.zip' }), expect: READ },
  'GET /.well-known/agent-skills/:ref/install.tar.gz': { request: async () => ({ path: '/.well-known/agent-skills/incident-triage/install.tar.gz' }), expect: READ },
  'GET /.well-known/skills/index.json': { request: async () => ({ path: '/.well-known/skills/index.json' }), expect: READ },
  'GET /.well-known/skills/:ref/*': { request: async () => ({ path: '/.well-known/skills/incident-triage/SKILL.md' }), expect: READ },
  'GET /api/skills/install.tsv': { request: async () => ({ path: '/api/skills/install.tsv' }), expect: READ },
  // Share links: anyone with keys:manage shares what they may read; the token alone opens /s/{token}, whatever else the request carries.
  'GET /api/shares': { request: async () => ({ path: '/api/shares' }), expect: row(401, 200, 200, 200, 200, 200) },
  'POST /api/shares': { request: async () => ({ path: '/api/shares', body: {} }), expect: row(401, 201, 201, 201, 201, 201) },
  'GET /api/shares/:id': { request: async () => ({ path: `/api/shares/${(await ownerShare()).share.id}` }), expect: row(401, 404, 404, 200, 200, 404) },
  'DELETE /api/shares/:id': { request: async () => ({ path: `/api/shares/${(await ownerShare()).share.id}` }), expect: row(401, 404, 404, 200, 200, 404) },
  'GET /s/:token/.well-known/agent-skills/index.json': { request: async () => ({ path: `/s/${(await ownerShare()).token}/.well-known/agent-skills/index.json` }), expect: PUBLIC },
  'GET /s/:token/.well-known/agent-skills/:ref/SKILL.md': { request: async () => ({ path: `/s/${(await ownerShare()).token}/.well-known/agent-skills/incident-triage/SKILL.md` }), expect: PUBLIC },
  'GET /s/:token/.well-known/agent-skills/:ref/bundle.tar.gz': { request: async () => ({ path: `/s/${(await ownerShare()).token}/.well-known/agent-skills/incident-triage/bundle.tar.gz` }), expect: PUBLIC },
  'GET /s/:token/.well-known/agent-skills/:ref/bundle.zip': { request: async () => ({ path: `/s/${(await ownerShare()).token}/.well-known/agent-skills/incident-triage/bundle.zip` }), expect: PUBLIC },
  'GET /s/:token/.well-known/agent-skills/:ref/install.tar.gz': { request: async () => ({ path: `/s/${(await ownerShare()).token}/.well-known/agent-skills/incident-triage/install.tar.gz` }), expect: PUBLIC },
  'GET /s/:token/.well-known/skills/index.json': { request: async () => ({ path: `/s/${(await ownerShare()).token}/.well-known/skills/index.json` }), expect: PUBLIC },
  'GET /s/:token/.well-known/skills/:ref/*': { request: async () => ({ path: `/s/${(await ownerShare()).token}/.well-known/skills/incident-triage/SKILL.md` }), expect: PUBLIC },
  'GET /s/:token/api/skills/install.tsv': { request: async () => ({ path: `/s/${(await ownerShare()).token}/api/skills/install.tsv` }), expect: PUBLIC },
  'GET /api/skills/bootstrap': { request: async () => ({ path: '/api/skills/bootstrap' }), expect: PUBLIC },
  'GET /api/skills/install.sh': { request: async () => ({ path: '/api/skills/install.sh' }), expect: PUBLIC },
  'GET /api/skills/index-report': { request: async () => ({ path: '/api/skills/index-report' }), expect: ADMIN(200) },
  'GET /api/skills/scan-results': { request: async () => ({ path: '/api/skills/scan-results?name=deep-research' }), expect: READ },
  // tasks:run is held by members, admins and owners. This server has no model provider, so a dry run stands in for a run.
  'POST /api/v1/tasks': { request: async () => ({ path: '/api/v1/tasks', body: { query: 'matrix', skill: 'deep-research', dry_run: true } }), expect: row(401, 403, 200, 200, 200, 403) },
  'GET /api/v1/tasks': { request: async () => ({ path: '/api/v1/tasks' }), expect: row(401, 403, 200, 200, 200, 403) },
  // The owner's task: missing (404) for a member, readable by admins.
  'GET /api/v1/tasks/:id': { request: async () => ({ path: `/api/v1/tasks/${await storedTask('succeeded')}` }), expect: row(401, 403, 404, 200, 200, 403) },
  'GET /api/v1/tasks/:id/events': { request: async () => ({ path: `/api/v1/tasks/${await storedTask('succeeded')}/events` }), expect: row(401, 403, 404, 200, 200, 403) },
  'POST /api/v1/tasks/:id/cancel': { request: async () => ({ path: `/api/v1/tasks/${await storedTask('queued')}/cancel` }), expect: row(401, 403, 404, 200, 200, 403) },
  // Without a model provider this streams a scaffold.
  'POST /api/skills/generate': { request: async () => ({ path: '/api/skills/generate', body: { type: 'generate', description: 'Matrix skill' } }), expect: row(401, 403, 200, 200, 200, 403) },
  // The ClawHub API: reads as the rest, publishing needs skills:write; refusals are plain text.
  'GET /.well-known/clawhub.json': { request: async () => ({ path: '/.well-known/clawhub.json' }), expect: PUBLIC },
  'GET /.well-known/clawdhub.json': { request: async () => ({ path: '/.well-known/clawdhub.json' }), expect: PUBLIC },
  'GET /clawhub/*': { request: async () => ({ path: '/clawhub/api/v1/nothing-here' }), expect: row(404, 404, 404, 404, 404, 404, 404, 404) },
  'GET /clawhub/api/v1/whoami': { request: async () => ({ path: '/clawhub/api/v1/whoami' }), expect: row(401, 200, 200, 200, 200, 200) },
  'GET /clawhub/api/v1/search': { request: async () => ({ path: '/clawhub/api/v1/search?q=incident' }), expect: READ },
  'GET /clawhub/api/v1/skills': { request: async () => ({ path: '/clawhub/api/v1/skills' }), expect: READ },
  'GET /clawhub/api/v1/skills/:slug': { request: async () => ({ path: '/clawhub/api/v1/skills/incident-triage' }), expect: READ },
  'GET /clawhub/api/v1/skills/:slug/versions': { request: async () => ({ path: '/clawhub/api/v1/skills/deep-research/versions' }), expect: READ },
  'GET /clawhub/api/v1/skills/:slug/versions/:version': { request: async () => ({ path: '/clawhub/api/v1/skills/deep-research/versions/1.0.0' }), expect: READ },
  'GET /clawhub/api/v1/skills/:slug/install': { request: async () => ({ path: '/clawhub/api/v1/skills/incident-triage/install' }), expect: READ },
  'GET /clawhub/api/v1/skills/:slug/file': { request: async () => ({ path: '/clawhub/api/v1/skills/incident-triage/file?path=SKILL.md' }), expect: READ },
  'GET /clawhub/api/v1/download': { request: async () => ({ path: '/clawhub/api/v1/download?slug=incident-triage' }), expect: READ },
  'GET /clawhub/api/v1/resolve': { request: async () => ({ path: `/clawhub/api/v1/resolve?slug=incident-triage&hash=${'0'.repeat(64)}` }), expect: READ },
  'POST /clawhub/api/cli/telemetry/install': { request: async () => ({ path: '/clawhub/api/cli/telemetry/install', body: { event: 'install', slug: 'incident-triage' } }), expect: row(401, 200, 200, 200, 200, 200) },
  'POST /clawhub/api/v1/skills/-/upload-url': {
    request: async () => ({ path: '/clawhub/api/v1/skills/-/upload-url', body: { path: 'SKILL.md', size: 10, sha256: 'a'.repeat(64) } }),
    expect: row(401, 403, 200, 200, 200, 403),
  },
  'POST /clawhub/api/v1/skills/-/upload/:ticket': {
    // The owner's slot: nobody else can fill it, and to them it does not exist.
    request: async () => {
      const body = { matrix: fresh() };
      const bytes = JSON.stringify(body);
      const slot = await owner('POST', '/clawhub/api/v1/skills/-/upload-url', { path: 'SKILL.md', size: Buffer.byteLength(bytes), sha256: createHash('sha256').update(bytes).digest('hex') });
      return { path: `/clawhub/api/v1/skills/-/upload/${slot.uploadTicket}`, body };
    },
    expect: row(401, 403, 404, 404, 200, 403),
  },
  // A publish with no files is refused whoever may publish: access is decided before the body is read.
  'POST /clawhub/api/v1/skills': { request: async () => ({ path: '/clawhub/api/v1/skills', body: { slug: 'matrix', version: '1.0.0', files: [] } }), expect: row(401, 403, 400, 400, 400, 403) },
};

/** A task of the owner's, stored as another node would leave it (a queued one is cancelled by flag). */
async function storedTask(status: 'queued' | 'succeeded'): Promise<string> {
  const id = `task_${fresh()}`;
  const now = new Date().toISOString();
  await server.app.store.tasks.create({
    id, status, query: 'matrix', skill: null, skill_version: null, skill_source: null, dangerous: false, authority: null, session_id: null, context: null,
    expansion: { system_prompt: null, role: null, tools: [], budget_max: null, model: null }, result: status === 'succeeded' ? 'ok' : '', usage: null,
    finish_reason: status === 'succeeded' ? 'stop' : null, error: null, error_code: null, owner_id: 'owner', actor_kind: 'api_key', key_id: null, request_id: null,
    node_id: 'matrix-node', cancel_requested: false, created_at: now, started_at: status === 'succeeded' ? now : null, finished_at: status === 'succeeded' ? now : null,
    heartbeat_at: now, updated_at: now,
  });
  return id;
}

/** A job another node is running (fresh heartbeat): cancelling it answers at once, whatever this node's worker does. */
async function foreignRunningJob(): Promise<string> {
  const id = `scanjob_${fresh()}`;
  const now = new Date().toISOString();
  await server.app.store.scans.createJob({
    id, kind: 'catalog', status: 'running', params: {}, targets: [], total: 0, done: 0, passed: 0, flagged: 0, errored: 0, error: null,
    cancel_requested: false, attempts: 1, created_by: null, created_at: now, started_at: now, finished_at: null, heartbeat_at: now,
  });
  return id;
}

beforeAll(async () => {
  server = await startServer({ from: EXAMPLES_DIR });
  keys.owner = OWNER_KEY;
  for (const role of ['viewer', 'member', 'admin'] as const) {
    await owner('POST', '/api/users', { id: ids[role], name: role, role });
    keys[role] = (await owner('POST', '/api/keys', { name: role, user_id: ids[role] })).key;
  }
  await owner('POST', '/api/teams', { name: 'platform' });
  await owner('POST', '/api/teams/platform/members', { user_id: ids.member });
  // An admin's key narrowed to managing keys: it lacks skills:read and admin.
  keys.lacking_scope = (await owner('POST', '/api/keys', { name: 'narrow', user_id: ids.admin, scopes: ['keys:manage'] })).key;
  const revoked = await owner('POST', '/api/keys', { name: 'revoked', user_id: ids.admin });
  await owner('DELETE', `/api/keys/${revoked.api_key.id}`);
  keys.revoked = revoked.key;
  // Expired keys cannot be made through the API, so write one straight into the store.
  const expired = generateApiKey();
  await server.app.store.keys.create({
    id: 'key_expired', name: 'expired', prefix: apiKeyPrefix(expired), hash: hashApiKey(expired), user_id: ids.admin, role: 'admin',
    scopes: [], teams: [], expires_at: '2020-01-01T00:00:00.000Z', last_used_at: null, revoked_at: null, created_at: '2019-01-01T00:00:00.000Z', created_by: null,
  });
  keys.expired = expired;
});
afterAll(() => server.close());

describe('authorization matrix', () => {
  it('has an entry for every route the server exposes', () => {
    const routes = server.app.server.accessTable.map((r) => `${r.method} ${r.url}`).sort();
    expect(Object.keys(CASES).sort()).toEqual(routes);
  });

  for (const [route, testCase] of Object.entries(CASES)) {
    it(route, async () => {
      const method = route.split(' ')[0]!;
      const got: Partial<Expect> = {};
      for (const caller of CALLERS) {
        const { path, body } = await testCase.request();
        const headers: Record<string, string> = keys[caller] ? { 'x-api-key': keys[caller]! } : {};
        const res = await server.call(method, path, body, headers);
        got[caller] = res.status;
        if (res.status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="skillport"/);
        if (res.status === 403) {
          // The ClawHub API answers in plain text, the rest in the JSON envelope.
          const text = await res.text();
          const message = res.headers.get('content-type')?.startsWith('text/plain') ? text : (JSON.parse(text) as { error: string }).error;
          expect(message).toMatch(/requires|cannot|only admins/);
        }
      }
      expect(got).toEqual(testCase.expect);
    });
  }
});

describe('credentials', () => {
  it('tells missing credentials from bad ones', async () => {
    const missing = await server.get('/api/v1/skills', {});
    expect(await missing.json()).toMatchObject({ error: 'Authentication required' });
    for (const headers of <Array<Record<string, string>>>[{ 'x-api-key': 'garbage' }, { 'x-api-key': keys.revoked! }, { authorization: 'Bearer not-a-token' }, { authorization: 'Basic dXNlcjpwYXNz' }]) {
      const res = await server.get('/api/v1/skills', headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'Invalid token', code: 'invalid_token' });
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it('accepts a key as X-API-Key or as a bearer token', async () => {
    expect((await server.get('/api/me', { authorization: `Bearer ${keys.member}` })).status).toBe(200);
    expect((await server.get('/api/me', { 'x-api-key': keys.member! })).status).toBe(200);
  });

  it('gives the same answer for an unknown key whether or not its prefix exists', async () => {
    const knownPrefix = keys.member!.slice(0, 11) + '0'.repeat(56);
    const unknownPrefix = 'sk_' + 'f'.repeat(64);
    const a = await server.get('/api/me', { 'x-api-key': knownPrefix });
    const b = await server.get('/api/me', { 'x-api-key': unknownPrefix });
    expect([a.status, await a.text()]).toEqual([b.status, await b.text()]);
  });

  it('answers hostile headers and bodies with 4xx, never 5xx', async () => {
    const huge = 'x'.repeat(1024 * 1024);
    const cases: Array<[string, string, unknown, Record<string, string>]> = [
      ['GET', '/api/me', undefined, { 'x-api-key': huge }],
      ['GET', '/api/me', undefined, { authorization: `Bearer ${'eyJ' + 'a'.repeat(200_000)}.e30.sig` }],
      ['GET', '/api/me', undefined, { 'x-api-key': "sk_' OR 1=1 --" }],
      ['POST', '/api/users', { id: "x'; DROP TABLE users; --", name: 'x', role: 'viewer' }, { 'x-api-key': OWNER_KEY }],
      ['POST', '/api/users', { name: "Robert'); DROP TABLE users;--", role: 'viewer', email: "a'@b.co" }, { 'x-api-key': OWNER_KEY }],
      ['POST', '/api/teams', { name: "'; DELETE FROM teams; --" }, { 'x-api-key': OWNER_KEY }],
      ['POST', '/api/keys', { name: 'x', unknown_field: true }, { 'x-api-key': OWNER_KEY }],
      ['POST', '/api/keys', { name: 42 }, { 'x-api-key': OWNER_KEY }],
      ['POST', '/api/keys', { name: 'x', scopes: 'skills:read' }, { 'x-api-key': OWNER_KEY }],
      ['POST', '/api/keys', { name: 'x', expires_in: 'forever' }, { 'x-api-key': OWNER_KEY }],
      ['POST', '/api/keys', { name: 'x', user_id: 'nobody' }, { 'x-api-key': OWNER_KEY }],
      ['GET', "/api/users/' OR '1'='1", undefined, { 'x-api-key': OWNER_KEY }],
      ['GET', '/api/audit?limit=abc', undefined, { 'x-api-key': OWNER_KEY }],
      ['GET', '/api/audit?cursor=%27%3B--', undefined, { 'x-api-key': OWNER_KEY }],
    ];
    for (const [method, path, body, headers] of cases) {
      const res = await server.call(method, path, body, headers).catch(() => null);
      // Node itself refuses a header over 16 KB (431) before Skillport sees the request. SQL
      // metacharacters are just text: they are stored as written or refused, never executed.
      expect(res === null || res.status < 500, `${method} ${path}`).toBe(true);
    }
    const raw = await server.call('POST', '/api/users', undefined, { 'x-api-key': OWNER_KEY, 'content-type': 'application/json' });
    expect(raw.status).toBe(400);
    const users = (await owner('GET', '/api/users')).users as Array<{ name: string }>;
    expect(users.some((u) => u.name.includes('DROP TABLE'))).toBe(true);
    expect((await owner('GET', '/api/teams')).teams.length).toBeGreaterThan(0);
  });
});

describe('keys and roles', () => {
  it('shows a new key once and never again', async () => {
    const created = await owner('POST', '/api/keys', { name: 'once' });
    expect(created.key).toMatch(/^sk_[0-9a-f]{64}$/);
    const listed = JSON.stringify(await owner('GET', '/api/keys'));
    expect(listed).not.toContain(created.key);
    expect(listed).not.toContain(hashApiKey(created.key));
    expect(listed).toContain(created.key.slice(3, 11));
  });

  it('does not let a caller hand out more than it has', async () => {
    const member = { 'x-api-key': keys.member! };
    const dangerous = await server.call('POST', '/api/keys', { name: 'x', scopes: ['skills:dangerous'] }, member);
    expect(dangerous.status).toBe(403);
    const higher = await server.call('POST', '/api/keys', { name: 'x', role: 'admin' }, member);
    expect(higher.status).toBe(400);
    const adminGrants = await server.call('POST', '/api/keys', { name: 'x', user_id: ids.member, scopes: ['skills:read', 'skills:dangerous'] }, { 'x-api-key': keys.admin! });
    expect(adminGrants.status).toBe(201);
    const granted = (await adminGrants.json()) as { key: string };
    const me = (await (await server.get('/api/me', { 'x-api-key': granted.key })).json()) as { scopes: string[]; role: string };
    expect(me).toMatchObject({ role: 'member', scopes: ['skills:read', 'skills:dangerous'] });
    const ownerRole = await server.call('POST', '/api/users', { name: 'x', role: 'owner' }, { 'x-api-key': keys.admin! });
    expect(ownerRole.status).toBe(403);
  });

  it('stops a revoked key at once and records who revoked it', async () => {
    const created = await owner('POST', '/api/keys', { name: 'short-lived', user_id: ids.member });
    expect((await server.get('/api/me', { 'x-api-key': created.key })).status).toBe(200);
    await owner('DELETE', `/api/keys/${created.api_key.id}`);
    expect((await server.get('/api/me', { 'x-api-key': created.key })).status).toBe(401);
    const audit = await owner('GET', `/api/audit?action=key.revoke&resource_id=${created.api_key.id}`);
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({ actor_id: 'owner', outcome: 'success', ip: '127.0.0.1' });
  });

  it('audits refused writes, and pages the audit log with a cursor', async () => {
    await server.call('POST', '/api/users', { name: 'x', role: 'viewer' }, { 'x-api-key': keys.viewer! });
    const denied = await owner('GET', `/api/audit?outcome=denied&actor_id=${ids.viewer}`);
    expect(denied.entries[0]).toMatchObject({ action: 'POST /api/users', outcome: 'denied', details: { status: 403 } });
    const first = await owner('GET', '/api/audit?limit=2');
    const second = await owner('GET', `/api/audit?limit=2&cursor=${first.next_cursor}`);
    expect(second.entries[0].id).toBeLessThan(first.entries[1].id);
  });
});

describe('public read', () => {
  it('lets anonymous callers read skills only when SKILLPORT_PUBLIC_READ is on', async () => {
    const open = await startServer({ from: EXAMPLES_DIR, env: { SKILLPORT_PUBLIC_READ: 'true' } });
    try {
      expect((await open.get('/api/v1/skills', {})).status).toBe(200);
      expect((await open.get('/api/keys', {})).status).toBe(401);
      expect((await open.call('POST', '/api/keys', { name: 'x' }, {})).status).toBe(401);
    } finally {
      await open.close();
    }
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After and X-RateLimit headers, per key', async () => {
    const limited = await startServer({ from: EXAMPLES_DIR, env: { SKILLPORT_RATE_LIMIT: '5' } });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 6; i++) {
        last = await limited.get('/api/v1/skills');
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(last!.headers.get('x-ratelimit-limit')).toBe('5');
      expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(await last!.json()).toMatchObject({ code: 'rate_limited' });
      // Another caller has its own budget; probes are never limited.
      expect((await limited.get('/api/v1/skills', {})).status).toBe(401);
      expect((await limited.get('/healthz')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

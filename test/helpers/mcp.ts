import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import * as z from 'zod';
import { OWNER_KEY, type TestServer } from './server.js';

/** The SDK's own client over Streamable HTTP, as the given key (none: anonymous). */
export async function httpClient(server: TestServer, key?: string): Promise<Client> {
  const headers: Record<string, string> = key ? { 'x-api-key': key } : {};
  return connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
}

export async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'skillport-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Result shapes of the skills extension, to read raw `skills/*` answers with `client.request`. */
const SkillResource = z.object({ uri: z.string(), digest: z.string().regex(/^sha256:[0-9a-f]{64}$/), size: z.number().int().nonnegative() });
export const SkillEntrySchema = z.object({
  uri: z.string(),
  frontmatter: z.object({ name: z.string(), description: z.string() }).passthrough(),
  resources: z.array(SkillResource),
});
export const ListSkillsResultSchema = z.object({
  resultType: z.literal('complete'),
  skills: z.array(SkillEntrySchema),
  nextCursor: z.string().optional(),
  ttlMs: z.number(),
  cacheScope: z.enum(['public', 'private']),
});
export const GetSkillResultSchema = z.object({ resultType: z.literal('complete'), skill: SkillEntrySchema, ttlMs: z.number(), cacheScope: z.string() });

export interface Callers {
  owner: string;
  member: string;
}

/**
 * A member of one team (`platform`), a skill shared with that team, and a private skill of the
 * owner's: what each caller may see differs.
 */
export async function setUpCallers(server: TestServer): Promise<Callers> {
  const call = async (method: string, pathname: string, body: unknown) => {
    const res = await server.call(method, pathname, body);
    if (res.status >= 300) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? {} : ((await res.json()) as Record<string, any>);
  };
  await call('POST', '/api/users', { id: 'u-member', name: 'Member', role: 'member' });
  await call('POST', '/api/teams', { name: 'platform' });
  await call('POST', '/api/teams/platform/members', { user_id: 'u-member' });
  const member = (await call('POST', '/api/keys', { name: 'member', user_id: 'u-member' })).key as string;
  const skill = (name: string, text: string) => `---\nname: ${name}\ndescription: ${text}\n---\n# ${name}\n\n${text}\n`;
  await call('POST', '/api/skills/configs', { skill_content: skill('platform-runbook', 'Runbook for the platform team'), visibility: 'team', shared_with_teams: ['platform'] });
  await call('POST', '/api/skills/configs', { skill_content: skill('owner-notes', 'Private notes of the owner'), visibility: 'private' });
  return { owner: OWNER_KEY, member };
}

export async function writeSkill(dir: string, name: string, body: string, files: Record<string, string> = {}): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name, file)), { recursive: true });
    await writeFile(path.join(dir, name, file), content);
  }
  await writeFile(path.join(dir, name, 'SKILL.md'), `---\nname: ${name}\ndescription: ${body.split('\n')[0]}\n---\n# ${name}\n\n${body}\n`);
}

import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import * as z from 'zod';
import { callerOf } from './caller.js';
import { invalidParams, methodSchema, protocolError, readParams } from './errors.js';
import type { McpCatalog } from './reader.js';
import { skillExtensionEntry } from './skill-entry.js';
import { parseSkillUri } from './uris.js';

/** The skills extension (SEP-2640) as servers declare it in their capabilities. */
export const SKILLS_EXTENSION = 'io.modelcontextprotocol/skills';

/** How long a client may treat a listing or entry as current. */
const TTL_MS = 60_000;

const ListParams = z.object({ cursor: z.string().max(4096).optional() }).passthrough();
const GetParams = z.object({ uri: z.string().min(1).max(4096) }).passthrough();

/**
 * `skills/list` (a page of skills, each a complete manifest: SKILL.md URI, verbatim frontmatter,
 * every file with its `sha256:` digest and size) and `skills/get` (one skill by its SKILL.md URI,
 * `skill://{name}/SKILL.md` or `skill://{name}@{version}/SKILL.md`).
 */
export function registerSkillsExtension(server: Server, catalog: McpCatalog): void {
  // Answers differ per caller only when some skill is not global.
  const cacheScope = () => (catalog.shared ? 'public' : 'private');

  server.setRequestHandler(methodSchema('skills/list'), async (request, extra) => {
    const { cursor } = readParams('skills/list', ListParams, request.params);
    try {
      const page = catalog.page(callerOf(extra), { cursor });
      const skills = await Promise.all(page.entries.map(async (entry) => skillExtensionEntry(entry, await catalog.content.files(entry))));
      return { resultType: 'complete', skills, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}), ttlMs: TTL_MS, cacheScope: cacheScope() };
    } catch (err) {
      protocolError(err);
    }
  });

  server.setRequestHandler(methodSchema('skills/get'), async (request, extra) => {
    const { uri } = readParams('skills/get', GetParams, request.params);
    const target = parseSkillUri(uri);
    if (target.path !== 'SKILL.md') throw invalidParams(`${uri} is not the URI of a SKILL.md: use skill://{name}/SKILL.md or skill://{name}@{version}/SKILL.md`);
    try {
      const entry = catalog.resolve(callerOf(extra), target.ref);
      const skill = skillExtensionEntry(entry, await catalog.content.files(entry), target.version !== null);
      return { resultType: 'complete', skill, ttlMs: TTL_MS, cacheScope: cacheScope() };
    } catch (err) {
      protocolError(err, target.ref);
    }
  });
}

import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Resource } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { SkillEntry } from '../catalog/index.js';
import { callerOf } from './caller.js';
import { invalidParams, methodSchema, protocolError, readParams } from './errors.js';
import { mimeTypeOf } from '../gateway/index.js';
import type { McpCatalog } from './reader.js';
import { textOf } from './tools.js';
import { parseSkillUri, skillUri } from './uris.js';

/** What one session remembers for resources: the URIs it subscribed to. */
export interface ResourceSubscriptions {
  readonly uris: Set<string>;
}

const MAX_SUBSCRIPTIONS = 1000;

const ListParams = z.object({ cursor: z.string().max(4096).optional() }).passthrough();
const UriParams = z.object({ uri: z.string().min(1).max(4096) }).passthrough();

/** Every file of a skill as a resource, SKILL.md first; its frontmatter names and describes it. */
function resourcesOf(entry: SkillEntry): Resource[] {
  return [
    { uri: skillUri(entry.name, 'SKILL.md'), name: entry.name, title: entry.name, description: entry.manifest.description, mimeType: 'text/markdown' },
    ...entry.files.map((file) => ({ uri: skillUri(entry.name, file.path), name: `${entry.name}/${file.path}`, mimeType: mimeTypeOf(file.path).split(';')[0]!, size: file.size })),
  ];
}

/**
 * `skill://{name}/{path}` resources: listed a page of skills at a time (each with all its files),
 * any version through the `skill://{name}@{version}/{path}` template, read with the right MIME
 * type, and subscribable so a client hears when a skill it holds changes.
 */
export function registerResources(server: Server, catalog: McpCatalog, session: ResourceSubscriptions): void {
  server.setRequestHandler(methodSchema('resources/list'), async (request, extra) => {
    const { cursor } = readParams('resources/list', ListParams, request.params);
    try {
      const page = catalog.page(callerOf(extra), { cursor });
      return { resources: page.entries.flatMap(resourcesOf), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    } catch (err) {
      protocolError(err);
    }
  });

  server.setRequestHandler(methodSchema('resources/templates/list'), async () => ({
    resourceTemplates: [
      {
        uriTemplate: 'skill://{name}@{version}/{path}',
        name: 'skill-file-at-version',
        title: 'A file of one version of a skill',
        description: 'Any file of any version, such as skill://code-review@1.2.0/SKILL.md; path may contain "/".',
      },
      {
        uriTemplate: 'skill://{name}/{path}',
        name: 'skill-file',
        title: 'A file of a skill',
        description: 'A file of the version the name resolves to (the highest enabled one), such as skill://code-review/SKILL.md.',
      },
    ],
  }));

  server.setRequestHandler(methodSchema('resources/read'), async (request, extra) => {
    const { uri } = readParams('resources/read', UriParams, request.params);
    const target = parseSkillUri(uri);
    try {
      const entry = catalog.resolve(callerOf(extra), target.ref);
      const file = await catalog.content.read(entry, target.path);
      const text = textOf(file);
      const content = text !== undefined ? { text } : { blob: Buffer.from(file.bytes).toString('base64') };
      return { contents: [{ uri, mimeType: file.mimeType, ...content, _meta: { 'io.skillport/digest': file.digest, 'io.skillport/version': entry.version } }] };
    } catch (err) {
      protocolError(err, target.ref);
    }
  });

  server.setRequestHandler(methodSchema('resources/subscribe'), async (request) => {
    const { uri } = readParams('resources/subscribe', UriParams, request.params);
    parseSkillUri(uri);
    if (!session.uris.has(uri) && session.uris.size >= MAX_SUBSCRIPTIONS) {
      throw invalidParams(`At most ${MAX_SUBSCRIPTIONS} subscriptions per session: unsubscribe from some first`);
    }
    session.uris.add(uri);
    return {};
  });

  server.setRequestHandler(methodSchema('resources/unsubscribe'), async (request) => {
    const { uri } = readParams('resources/unsubscribe', UriParams, request.params);
    session.uris.delete(uri);
    return {};
  });
}

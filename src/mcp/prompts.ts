import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import * as z from 'zod';
import { callerOf } from './caller.js';
import { invalidParams, methodSchema, protocolError, readParams } from './errors.js';
import type { McpCatalog } from './reader.js';
import { checkSkillRef } from './uris.js';

const ListParams = z.object({ cursor: z.string().max(4096).optional() }).passthrough();
const GetParams = z
  .object({
    name: z.string().min(1).max(300),
    arguments: z.record(z.string(), z.string().max(100_000)).optional(),
  })
  .passthrough();

const REQUEST_ARGUMENT = { name: 'request', description: 'What you want done with the skill; added after its instructions', required: false };

/**
 * Each skill as a prompt, for clients that only show prompts: `prompts/get` gives the skill's
 * instructions as a user message, followed by the optional request.
 */
export function registerPrompts(server: Server, catalog: McpCatalog): void {
  server.setRequestHandler(methodSchema('prompts/list'), async (request, extra) => {
    const { cursor } = readParams('prompts/list', ListParams, request.params);
    try {
      const page = catalog.page(callerOf(extra), { cursor });
      return {
        prompts: page.entries.map((entry) => ({ name: entry.name, title: entry.name, description: entry.manifest.description, arguments: [REQUEST_ARGUMENT] })),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    } catch (err) {
      protocolError(err);
    }
  });

  server.setRequestHandler(methodSchema('prompts/get'), async (request, extra) => {
    const { name, arguments: args } = readParams('prompts/get', GetParams, request.params);
    const problem = checkSkillRef(name);
    if (problem) throw invalidParams(`Invalid prompt name: ${problem}`);
    try {
      const entry = catalog.resolve(callerOf(extra), name);
      const ask = args?.request?.trim();
      return {
        description: entry.manifest.description,
        messages: [{ role: 'user' as const, content: { type: 'text' as const, text: ask ? `${entry.body.trimEnd()}\n\n---\n\n${ask}` : entry.body } }],
      };
    } catch (err) {
      protocolError(err, name);
    }
  });
}

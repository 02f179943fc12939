import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerPrompts } from './prompts.js';
import type { McpCatalog } from './reader.js';
import { registerResources, type ResourceSubscriptions } from './resources.js';
import { registerSkillsExtension, SKILLS_EXTENSION } from './skills-extension.js';
import { registerTools } from './tools.js';

const INSTRUCTIONS = [
  'Skillport serves agent skills: instructions (SKILL.md) with the files beside them.',
  'Find one with search_skills or list_skills, load it with get_skill, and read its other files with read_skill_file',
  '(or as skill://{name}/{path} resources). Skill content is instructions from the registry, not from the user.',
].join(' ');

/** One MCP server for one session: tools, resources, prompts and the skills extension over the catalog. */
export function createMcpServer(catalog: McpCatalog, options: { version: string; session: ResourceSubscriptions }): McpServer {
  const mcp = new McpServer(
    { name: 'skillport', title: 'Skillport', version: options.version },
    {
      capabilities: {
        // SEP-2640 declares itself under `extensions`; `experimental` is where clients that
        // predate extension negotiation look.
        extensions: { [SKILLS_EXTENSION]: {} },
        experimental: { [SKILLS_EXTENSION]: {} },
      },
      instructions: INSTRUCTIONS,
    },
  );
  // Resources and prompts are answered by our own handlers (paged, per caller), so they are
  // declared on the protocol server rather than given to McpServer, which would install its own.
  mcp.server.registerCapabilities({ resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true } });
  registerTools(mcp, catalog);
  registerResources(mcp.server, catalog, options.session);
  registerPrompts(mcp.server, catalog);
  registerSkillsExtension(mcp.server, catalog);
  return mcp;
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CatalogQueryService } from '../../catalog/query.js';
import { availableSkillsBlock } from '../../tasks/available-skills.js';
import { commonErrors } from '../schemas/common.js';

/** The block never grows past this, whatever the limit: it is meant for a system prompt. */
export const MAX_PROMPT_BLOCK_CHARS = 64 * 1024;

const PromptBlockQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'At most this many skills' })),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only skills in this category' })),
    q: Type.Optional(Type.String({ maxLength: 500, description: 'Only skills matching these keywords, best first (the ranking of GET /api/skills?q=)' })),
  },
  { additionalProperties: false },
);

/**
 * `GET /api/skills/prompt`: the `<available_skills>` block for an agent runtime's system prompt,
 * as plain text, with the skills the caller may use (never a quarantined one).
 */
export const promptBlockRoutes: FastifyPluginAsyncTypebox<{ query: CatalogQueryService }> = async (app, { query: skills }) => {
  app.get('/api/skills/prompt', {
    config: { access: { scope: 'skills:read' } },
    schema: {
      tags: ['skills'],
      summary: 'The <available_skills> block for a system prompt',
      description:
        'Plain text: `<available_skills>` with one `<skill>` per skill (`<name>`, `<description>`, `<location>`: the URL of its SKILL.md). ' +
        `At most \`limit\` skills and ${MAX_PROMPT_BLOCK_CHARS} characters; X-Skills-Included and X-Skills-Total say how many were kept of how many matched.`,
      querystring: PromptBlockQuery,
      produces: ['text/plain'],
      response: { 200: Type.String({ description: 'The block, text/plain' }), ...commonErrors },
    },
  }, async (request, reply) => {
    const { limit = 50, category, q } = request.query;
    const base = `${request.protocol}://${request.host}`;
    const block = availableSkillsBlock(skills.installable(request.principal, { q, category }), {
      limit,
      maxChars: MAX_PROMPT_BLOCK_CHARS,
      location: (entry) => `${base}/api/skills/${encodeURIComponent(entry.name)}@${encodeURIComponent(entry.version)}/SKILL.md`,
    });
    void reply.header('content-type', 'text/plain; charset=utf-8').header('x-skills-included', String(block.included)).header('x-skills-total', String(block.total));
    return block.text;
  });
};

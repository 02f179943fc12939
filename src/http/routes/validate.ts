import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { parseSkill } from '../../format/index.js';
import { CONFIG_LIMITS } from '../../sources/config/compose.js';
import { AppError } from '../../util/app-error.js';
import { commonErrors, ErrorBody, Nullable } from '../schemas/common.js';

const ValidateBody = Type.Object({
  content: Type.String({ description: 'A full SKILL.md (frontmatter and body)' }),
}, { additionalProperties: false });

const ValidateResponse = Type.Object({
  valid: Type.Boolean(),
  diagnostics: Type.Array(Type.Ref('Diagnostic'), { description: 'Errors and warnings, each with its line where known' }),
  skill: Nullable(Type.Object({ name: Type.String(), version: Type.String(), category: Type.String(), description: Type.String() })),
});

/**
 * Validates SKILL.md text exactly as saving a stored skill would, without storing anything, so an
 * editor can show errors and warnings on their lines as the person types.
 */
export const validateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/skills/validate', {
    config: { access: { scope: 'skills:write' } },
    bodyLimit: 2 * CONFIG_LIMITS.contentBytes,
    schema: { tags: ['configs'], summary: 'Validate SKILL.md content without storing it', body: ValidateBody, response: { 200: ValidateResponse, 413: Type.Ref(ErrorBody), ...commonErrors } },
  }, async (request) => {
    const { content } = request.body;
    const bytes = Buffer.byteLength(content);
    if (bytes > CONFIG_LIMITS.contentBytes) throw new AppError(413, 'content_too_large', `content is ${(bytes / (1024 * 1024)).toFixed(1)} MB; the limit is 1 MB`);
    const outcome = parseSkill(content, { file: 'SKILL.md', layout: 'agent-skills' });
    if (!outcome.ok) return { valid: false, diagnostics: outcome.diagnostics, skill: null };
    const { manifest } = outcome.skill;
    return {
      valid: true,
      diagnostics: outcome.skill.warnings,
      skill: { name: manifest.name, version: manifest.version, category: manifest.category, description: manifest.description },
    };
  });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { TemplateService } from '../../sources/templates/service.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors } from '../schemas/common.js';

const Template = Type.Object({
  id: Type.String(),
  title: Type.String(),
  category: Type.String(),
  icon: Type.String(),
  tags: Type.Array(Type.String()),
  input_variables: Type.Array(Type.Object({ name: Type.String(), description: Type.String(), required: Type.Boolean() })),
  name: Type.String(),
  description: Type.String(),
  version: Type.String(),
  content: Type.Optional(Type.String()),
});

const ImportResult = Type.Object({
  imported: Type.Array(Type.Object({ id: Type.String(), template_source_id: Type.String() })),
  skipped: Type.Array(Type.Object({ template_source_id: Type.String(), reason: Type.Literal('already_imported') })),
  errors: Type.Array(Type.Object({ template_source_id: Type.String(), error: Type.String() })),
});

/** Packaged templates and seeding (seed: /api/skills/templates/import, /api/skills/seed). */
export const templateRoutes: FastifyPluginAsyncTypebox<{ templates: TemplateService }> = async (app, { templates }) => {
  const tags = ['templates'];
  const admin = { access: { scope: 'skills:admin' as const } };

  app.get('/api/skills/templates', {
    config: { access: { scope: 'skills:read' } },
    schema: {
      tags,
      summary: 'The packaged templates',
      querystring: Type.Object({ include_content: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Type.Object({ templates: Type.Array(Template), count: Type.Integer() }), ...commonErrors },
    },
  }, async (request) => {
    const list = templates.list().map(({ content, ...rest }) => (request.query.include_content ? { ...rest, content } : rest));
    return { templates: list, count: list.length };
  });

  app.post('/api/skills/templates/import', {
    config: admin,
    schema: {
      tags,
      summary: 'Import packaged templates as built-in skills; importing twice is harmless',
      body: Type.Object({ template_ids: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 200 })), import_all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: ImportResult, ...commonErrors },
    },
  }, async (request) => templates.import(actionContext(request), request.body));

  app.get('/api/skills/seed', {
    config: admin,
    schema: {
      tags,
      summary: 'Whether packaged templates still need importing',
      response: { 200: Type.Object({ needsSeeding: Type.Boolean(), existingCount: Type.Integer(), templateCount: Type.Integer(), message: Type.String() }), ...commonErrors },
    },
  }, async () => templates.seedStatus());

  app.post('/api/skills/seed', {
    config: admin,
    schema: { tags, summary: 'Import every packaged template not imported yet', response: { 200: ImportResult, ...commonErrors } },
  }, async (request) => templates.seed(actionContext(request)));
};

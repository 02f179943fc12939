import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { WEBHOOK_EVENT_TYPES, type WebhookService } from '../../webhooks/service.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors, ErrorBody, Nullable } from '../schemas/common.js';
import { IdParams } from '../schemas/identity.js';

const EventType = Type.Union(WEBHOOK_EVENT_TYPES.map((type) => Type.Literal(type)));

const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String(), { description: 'Event types sent; empty means all' }),
  active: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
  created_by: Nullable(Type.String()),
  updated_at: Type.String({ format: 'date-time' }),
});

const Delivery = Type.Object({
  id: Type.String({ description: 'Sent as x-skillport-delivery; the same on every attempt' }),
  webhook_id: Type.String(),
  event_id: Type.Integer({ description: 'Catalog event id; 0 for a ping' }),
  event_type: Type.String(),
  payload: Type.Object({}, { additionalProperties: true }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  last_status_code: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  next_attempt_at: Nullable(Type.String({ format: 'date-time' })),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

const Url = Type.String({ minLength: 1, maxLength: 2048, description: 'Absolute http(s) URL, without credentials' });
const Events = Type.Array(EventType, { maxItems: 10, description: 'Event types to send; empty or absent means all' });

const CreateBody = Type.Object({ url: Url, events: Type.Optional(Events), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const UpdateBody = Type.Object(
  { url: Type.Optional(Url), events: Type.Optional(Events), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

/** Webhooks: admins configure endpoints that receive signed catalog changes (docs/webhooks.md). */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ webhooks: WebhookService }> = async (app, { webhooks }) => {
  const config = { access: { scope: 'admin' as const } };
  const tags = ['webhooks'];
  const notFound = { 404: Type.Ref(ErrorBody) };

  app.get('/api/webhooks', {
    config,
    schema: { tags, summary: 'List webhooks (never their secrets)', response: { 200: Type.Object({ webhooks: Type.Array(Webhook), count: Type.Integer() }), ...commonErrors } },
  }, async (request) => {
    const list = await webhooks.list(actionContext(request));
    return { webhooks: list, count: list.length };
  });

  app.post('/api/webhooks', {
    config,
    schema: {
      tags,
      summary: 'Create a webhook; its signing secret is in this response only',
      body: CreateBody,
      response: { 201: Type.Object({ webhook: Webhook, secret: Type.String({ description: 'whsec_ + 64 hex; shown once' }) }), ...commonErrors },
    },
  }, async (request, reply) => {
    const created = await webhooks.create(actionContext(request), request.body);
    return reply.code(201).header('cache-control', 'no-store').send(created);
  });

  app.get('/api/webhooks/:id', {
    config,
    schema: { tags, summary: 'Get a webhook', params: IdParams, response: { 200: Webhook, ...notFound, ...commonErrors } },
  }, async (request) => webhooks.get(actionContext(request), request.params.id));

  app.patch('/api/webhooks/:id', {
    config,
    schema: { tags, summary: 'Change a webhook', params: IdParams, body: UpdateBody, response: { 200: Webhook, ...notFound, ...commonErrors } },
  }, async (request) => webhooks.update(actionContext(request), request.params.id, request.body));

  app.delete('/api/webhooks/:id', {
    config,
    schema: { tags, summary: 'Delete a webhook and its deliveries', params: IdParams },
  }, async (request, reply) => {
    await webhooks.delete(actionContext(request), request.params.id);
    return reply.code(204).send();
  });

  app.get('/api/webhooks/:id/deliveries', {
    config,
    schema: {
      tags,
      summary: "A webhook's deliveries, newest first",
      params: IdParams,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ deliveries: Type.Array(Delivery), count: Type.Integer() }), ...notFound, ...commonErrors },
    },
  }, async (request) => {
    const deliveries = await webhooks.deliveries(actionContext(request), request.params.id, { limit: request.query.limit });
    return { deliveries, count: deliveries.length };
  });

  app.post('/api/webhooks/:id/test', {
    config,
    schema: {
      tags,
      summary: 'Send a ping event now',
      description: 'Answers after the first attempt with the delivery as it stands; a failed attempt that can be retried stays pending and is retried in the background.',
      params: IdParams,
      response: { 200: Delivery, ...notFound, ...commonErrors },
    },
  }, async (request) => webhooks.test(actionContext(request), request.params.id));
};

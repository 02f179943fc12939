import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SkillGenerator } from '../../tasks/generation/service.js';
import { eventStreams } from '../event-streams.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors } from '../schemas/common.js';
import { GenerateBody } from '../schemas/generate.js';

export interface GenerateRoutesOptions {
  generator: SkillGenerator;
  /** Comment interval on the stream. Default 15 s. */
  heartbeatMs?: number;
}

/** Seed: `POST /api/skills/generate`, AI-assisted SKILL.md writing streamed as server-sent events. */
export const generateRoutes: FastifyPluginAsyncTypebox<GenerateRoutesOptions> = async (app, { generator, heartbeatMs = 15_000 }) => {
  const streams = eventStreams(app, heartbeatMs);

  app.post('/api/skills/generate', {
    config: { access: { scope: 'skills:write' } },
    compress: false,
    schema: {
      tags: ['configs'],
      summary: 'Generate a SKILL.md from a description, or improve one (text/event-stream)',
      description: [
        'Streams `data: {"type": ...}` events: `notice` (a scaffold made without a model), `content` (pieces of the SKILL.md),',
        '`reset` (discard the pieces so far: a second attempt follows), `validation`, `scan`, `error`, and `done` last with the final',
        '`content`. Bad input is a 400 before the stream starts.',
      ].join(' '),
      body: GenerateBody,
      response: { ...commonErrors },
    },
  }, async (request, reply) => {
    generator.check(request.body);
    const { writer, signal } = streams.open(reply);
    const opened = Date.now();
    let sent = 0;
    try {
      await generator.run(
        actionContext(request),
        request.body,
        (event) => {
          sent++;
          writer.send(event);
        },
        signal,
      );
    } catch (err) {
      request.log.error({ err }, 'skill generation failed');
      writer.send({ type: 'error', code: 'internal_error', message: 'Generation failed unexpectedly' });
      writer.send({ type: 'done', name: null, content: '', valid: false, scaffold: false });
    }
    const reason = signal.aborted ? 'client disconnected' : 'generation finished';
    writer.end();
    // A taken-over response gets no per-request log line, so the stream writes its own.
    request.log.info({ path: '/api/skills/generate', type: request.body.type, principal: request.principal.id ?? request.principal.kind, events_sent: sent, duration_ms: Date.now() - opened, reason }, 'skill generation stream closed');
  });
};

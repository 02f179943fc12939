import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TaskRecord } from '../../store/index.js';
import type { TaskService } from '../../tasks/service.js';
import { submittedView, taskSummaryView, taskView } from '../../tasks/view.js';
import { eventStreams } from '../event-streams.js';
import { actionContext } from '../plugins/access.js';
import { commonErrors } from '../schemas/common.js';
import { DryRun, TaskBody, TaskDetail, TaskEventsQuery, TaskIdParams, TaskList, TaskListQuery, TaskSubmitted } from '../schemas/tasks.js';

export interface TaskRoutesOptions {
  tasks: TaskService;
  /** Comment interval on event streams. Default 15 s. */
  heartbeatMs?: number;
}

const LAST_EVENT_ID = /^\d{1,15}$/;

/** Tasks: run a query through a skill, read it, follow its events, cancel it. */
export const taskRoutes: FastifyPluginAsyncTypebox<TaskRoutesOptions> = async (app, { tasks, heartbeatMs = 15_000 }) => {
  const tags = ['tasks'];
  const config = { access: { scope: 'tasks:run' as const } };
  const errors = { ...commonErrors, 403: Type.Ref('ErrorBody'), 404: Type.Ref('ErrorBody'), 409: Type.Ref('ErrorBody'), 503: Type.Ref('ErrorBody') };
  const streams = eventStreams(app, heartbeatMs);

  /** Sends a task's events on this response until the task is done or the client leaves. */
  async function stream(request: FastifyRequest, reply: FastifyReply, task: TaskRecord, afterId: number, first?: object): Promise<void> {
    const { writer, signal } = streams.open(reply);
    if (first) writer.send(first);
    const opened = Date.now();
    let sent = 0;
    try {
      await tasks.follow(
        task,
        (event) => {
          sent++;
          writer.send(event, event.id);
        },
        { afterId, signal },
      );
    } catch (err) {
      request.log.error({ err, task_id: task.id }, 'task event stream failed');
      writer.send({ type: 'error', code: 'stream_failed', message: 'The event stream failed; read the task with GET /api/v1/tasks/{id}' });
    }
    const reason = signal.aborted ? 'client disconnected' : 'task finished';
    writer.end();
    // A taken-over response gets no per-request log line, so the stream writes its own.
    request.log.info({ path: request.routeOptions.url, task_id: task.id, principal: request.principal.id ?? request.principal.kind, events_sent: sent, duration_ms: Date.now() - opened, reason }, 'task event stream closed');
  }

  app.post('/api/v1/tasks', {
    config,
    compress: false,
    schema: {
      tags,
      summary: 'Run a task, optionally through a skill',
      description: [
        '`skill` is `name` (its highest enabled version) or `name@version`. The skill body becomes the system prompt, `requires_role` the role,',
        '`requires_tools` the tools, and the lower of its `budget_max` and yours the token budget. Answers 202 with the task id; with',
        '`stream: true`, the task\'s events as `text/event-stream`; with `dry_run: true`, 200 with the expansion and the model request.',
      ].join(' '),
      body: TaskBody,
      response: { 200: DryRun, 202: TaskSubmitted, ...errors },
    },
  }, async (request, reply) => {
    const submission = await tasks.submit(actionContext(request), request.body);
    if (submission.kind === 'dry_run') return reply.code(200).send(submission.view);
    const submitted = submittedView(submission.task);
    if (request.body.stream) return stream(request, reply, submission.task, 0, { type: 'task', ...submitted });
    return reply.code(202).header('location', `/api/v1/tasks/${submission.task.id}`).send(submitted);
  });

  app.get('/api/v1/tasks', {
    config,
    schema: {
      tags,
      summary: 'Your tasks, newest first (admins: everyone\'s)',
      querystring: TaskListQuery,
      response: { 200: TaskList, ...errors },
    },
  }, async (request) => {
    const page = await tasks.list(actionContext(request), request.query);
    return { tasks: page.tasks.map(taskSummaryView), count: page.tasks.length, next_cursor: page.next_cursor };
  });

  app.get('/api/v1/tasks/:id', {
    config,
    schema: { tags, summary: 'A task: status, expansion, result, usage', params: TaskIdParams, response: { 200: TaskDetail, ...errors } },
  }, async (request) => taskView(await tasks.get(actionContext(request), request.params.id)));

  app.get('/api/v1/tasks/:id/events', {
    config,
    compress: false,
    exposeHeadRoute: false,
    schema: {
      tags,
      summary: 'A task\'s progress and output as server-sent events',
      description: [
        '`data: {"type": ...}` frames with `id:`: everything that already happened first, then live events, ending with `done`.',
        'Types: `status`, `content` (a piece of the answer), `usage`, `error`, `done`. Send `Last-Event-ID` to resume.',
      ].join(' '),
      params: TaskIdParams,
      querystring: TaskEventsQuery,
      response: { ...errors },
    },
  }, async (request, reply) => {
    const task = await tasks.get(actionContext(request), request.params.id);
    const header = request.headers['last-event-id'];
    const afterId = typeof header === 'string' && LAST_EVENT_ID.test(header.trim()) ? Number(header.trim()) : (request.query.last_event_id ?? 0);
    return stream(request, reply, task, afterId);
  });

  app.post('/api/v1/tasks/:id/cancel', {
    config,
    schema: {
      tags,
      summary: 'Cancel a queued or running task (aborts the model request)',
      params: TaskIdParams,
      response: { 200: TaskDetail, ...errors },
    },
  }, async (request) => taskView(await tasks.cancel(actionContext(request), request.params.id)));
};

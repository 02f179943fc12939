import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { MAX_UPLOAD_BYTES, MIN_CLI_VERSION, readPublishForm, whoami, type Caller, type ClawHubCatalog, type PublishService, type UploadSlots } from '../../clawhub/index.js';
import type { Store } from '../../store/index.js';
import { baseUrl } from '../base-url.js';
import { actionContext } from '../plugins/access.js';
import { registerPlainTextErrors } from '../plugins/plain-text-errors.js';
import { sendBytes } from '../send-bytes.js';
import { RawBody } from '../schemas/artifacts.js';
import {
  AmbiguousSlug, clawhubErrors, FileQuery, InstallQuery, InstallRefusal, InstallResponse, ListQuery, ListResponse, OkResponse, OwnerOnlyQuery, PublishJsonBody, PublishPayload, PublishResponse,
  ResolveQuery, ResolveResponse, SearchQuery, SearchResponse, SkillResponse, SlugParams, TelemetryBody, TextError, UploadParams, UploadResponse, UploadUrlBody, UploadUrlResponse, VersionParams,
  VersionResponse, VersionSelectorQuery, VersionsQuery, VersionsResponse, WellKnown, Whoami,
} from '../schemas/clawhub.js';

export interface ClawHubRouteOptions {
  catalog: ClawHubCatalog;
  publish: PublishService;
  uploads: UploadSlots;
  store: Store;
  /** SKILLPORT_PUBLIC_URL; the request's host when unset. */
  publicUrl: string | undefined;
}

/** Where the API lives under the server; `clawhub --registry http://host:8080/clawhub`. */
export const CLAWHUB_PREFIX = '/clawhub';
/** A multipart publish carries its files: SKILL.md, 2 MB beside it, and the form's own overhead. */
const MULTIPART_LIMIT = 4 * 1024 * 1024;

/**
 * The ClawHub registry API, mounted under `/clawhub` so seed 001's `/api/v1/skills` keeps its own
 * shapes: what the `clawhub` CLI calls to log in, search, explore, inspect, install, update and
 * publish. Thin: the work is in src/clawhub/. Errors are plain text, as the CLI prints them.
 */
export const clawhubRoutes: FastifyPluginAsyncTypebox<ClawHubRouteOptions> = async (app, options) => {
  const { catalog, publish, uploads } = options;
  registerPlainTextErrors(app, 'the ClawHub API (see docs/clawhub.md)');
  const tags = ['clawhub'];
  const read = { access: { scope: 'skills:read' as const } };
  const write = { access: { scope: 'skills:write' as const } };
  const compress = false as const;
  const caller = (request: FastifyRequest): Caller => ({ principal: request.principal, base: baseUrl(request, options.publicUrl) });
  const owner = (query: { ownerHandle?: string; owner?: string }) => query.ownerHandle ?? query.owner;
  const isPrivate = (request: FastifyRequest) => request.principal.kind !== 'anonymous';

  // The web UI answers every other GET, and would answer these with its own (JSON) not-found.
  app.get('/*', { config: { access: { public: true as const } }, schema: { hide: true } }, (_request, reply) => reply.callNotFound());

  app.get('/api/v1/whoami', {
    config: { access: { authenticated: true as const } },
    schema: { tags, summary: 'The caller behind the bearer token (clawhub login, whoami)', response: { 200: Whoami, ...clawhubErrors() } },
  }, async (request) => whoami(request.principal, options.store));

  app.get('/api/v1/search', {
    config: read,
    schema: { tags, summary: 'Ranked search (the catalog search)', querystring: SearchQuery, response: { 200: SearchResponse, ...clawhubErrors() } },
  }, async (request) => {
    const q = request.query;
    return catalog.search(caller(request), { q: q.q, limit: q.limit, mode: q.mode, nonSuspiciousOnly: q.nonSuspiciousOnly ?? q.nonSuspicious });
  });

  app.get('/api/v1/skills', {
    config: read,
    schema: { tags, summary: 'List skills (clawhub explore, search --prefix)', querystring: ListQuery, response: { 200: ListResponse, ...clawhubErrors() } },
  }, async (request) => {
    const q = request.query;
    return catalog.list(caller(request), { limit: q.limit, cursor: q.cursor, sort: q.sort, prefix: q.prefix, nonSuspiciousOnly: q.nonSuspiciousOnly ?? q.nonSuspicious });
  });

  app.get('/api/v1/skills/:slug', {
    config: read,
    schema: {
      tags,
      summary: 'A skill: latest version, owner and moderation (from the scan)',
      params: SlugParams,
      querystring: OwnerOnlyQuery,
      response: { 200: SkillResponse, 404: TextError, 409: AmbiguousSlug, ...clawhubErrors() },
    },
  }, async (request) => catalog.skill(caller(request), request.params.slug, owner(request.query)));

  app.get('/api/v1/skills/:slug/versions', {
    config: read,
    schema: { tags, summary: 'Every version of a skill, newest first', params: SlugParams, querystring: VersionsQuery, response: { 200: VersionsResponse, 404: TextError, 409: AmbiguousSlug, ...clawhubErrors() } },
  }, async (request) => catalog.versions(caller(request), request.params.slug, owner(request.query), { limit: request.query.limit, cursor: request.query.cursor }));

  app.get('/api/v1/skills/:slug/versions/:version', {
    config: read,
    schema: { tags, summary: 'One version with its files', params: VersionParams, querystring: OwnerOnlyQuery, response: { 200: VersionResponse, 404: TextError, 409: AmbiguousSlug, ...clawhubErrors() } },
  }, async (request) => catalog.version(caller(request), request.params.slug, request.params.version, owner(request.query)));

  app.get('/api/v1/skills/:slug/install', {
    config: read,
    schema: {
      tags,
      summary: 'Where to download the latest version',
      params: SlugParams,
      querystring: InstallQuery,
      response: { 200: InstallResponse, 403: InstallRefusal, 404: TextError, 409: AmbiguousSlug, 400: TextError, 401: TextError, 500: TextError },
    },
  }, async (request, reply) => {
    const plan = catalog.install(caller(request), request.params.slug, owner(request.query));
    return reply.code(plan.status).send(plan.body);
  });

  app.get('/api/v1/skills/:slug/file', {
    config: read,
    schema: { tags, summary: 'One file of a version, as stored', params: SlugParams, querystring: FileQuery, response: { 200: RawBody('The file'), 404: TextError, 409: AmbiguousSlug, ...clawhubErrors() } },
  }, async (request, reply) => {
    const q = request.query;
    const file = await catalog.file(caller(request), { slug: request.params.slug, path: q.path, version: q.version, tag: q.tag, ownerHandle: owner(q) });
    return sendBytes(request, reply, { bytes: file.bytes, digest: file.digest, type: file.mime, private: isPrivate(request) });
  });

  app.get('/api/v1/download', {
    config: read,
    compress,
    schema: {
      tags,
      summary: 'A version as a zip, its files at the root (what clawhub install extracts)',
      description: 'The reproducible zip bundle of the gateway: the same bytes for the same files; the ETag is its sha256 digest. A version the quarantine policy blocks is refused (403).',
      querystring: VersionSelectorQuery,
      response: { 200: RawBody('application/zip'), 404: TextError, 409: AmbiguousSlug, 413: TextError, 503: TextError, ...clawhubErrors() },
    },
  }, async (request, reply) => {
    const q = request.query;
    const bundle = await catalog.download(caller(request), { slug: q.slug, version: q.version, tag: q.tag, ownerHandle: owner(q) });
    return sendBytes(request, reply, { bytes: bundle.bytes, digest: bundle.digest, type: bundle.mime, filename: bundle.filename, private: isPrivate(request) });
  });

  app.get('/api/v1/resolve', {
    config: read,
    schema: {
      tags,
      summary: 'Which version a local folder is, by the CLI fingerprint of its files (clawhub update, publish)',
      querystring: ResolveQuery,
      response: { 200: ResolveResponse, 404: TextError, 409: AmbiguousSlug, ...clawhubErrors() },
    },
  }, async (request) => catalog.resolve(caller(request), { slug: request.query.slug, hash: request.query.hash, ownerHandle: owner(request.query) }));

  app.post('/api/cli/telemetry/install', {
    config: { access: { authenticated: true as const } },
    schema: {
      tags,
      summary: 'Install telemetry: accepted and not kept',
      description: 'The CLI reports each install it makes when logged in; Skillport keeps no install counts, so the report is acknowledged and dropped.',
      body: TelemetryBody,
      response: { 200: OkResponse, ...clawhubErrors() },
    },
  }, async () => ({ ok: true as const }));

  app.post('/api/v1/skills/-/upload-url', {
    config: write,
    schema: {
      tags,
      summary: 'An upload slot for one file of a skill about to be published',
      description: 'Declares the path, size and sha256 of the file; the bytes go to `uploadUrl`, and the publish names the slot. Slots expire after an hour.',
      body: UploadUrlBody,
      response: { 200: UploadUrlResponse, 413: TextError, 429: TextError, ...clawhubErrors() },
    },
  }, async (request) => {
    const slot = await uploads.request(actionContext(request), request.body);
    return { uploadUrl: `${baseUrl(request, options.publicUrl)}${CLAWHUB_PREFIX}/api/v1/skills/-/upload/${slot.ticket}`, uploadTicket: slot.ticket };
  });

  // The bytes of an upload arrive with the file's own content type, whatever it is: this one route parses every type as raw bytes.
  await app.register(async (instance) => {
    const raw = instance.withTypeProvider<TypeBoxTypeProvider>();
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES + 1 }, (_request, body, done) => done(null, body));
    raw.post('/api/v1/skills/-/upload/:ticket', {
      config: write,
      schema: {
        tags,
        summary: 'The bytes of one file, sent to its upload slot',
        description: 'Exactly the declared size and sha256, once; anything else is refused and nothing is kept.',
        params: UploadParams,
        response: { 200: UploadResponse, 404: TextError, 409: TextError, 413: TextError, ...clawhubErrors() },
      },
    }, async (request) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const upload = await uploads.receive(actionContext(request), request.params.ticket, body);
      return { storageId: upload.storage_id };
    });
  });

  await app.register(async (instance) => {
    const forms = instance.withTypeProvider<TypeBoxTypeProvider>();
    forms.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: MULTIPART_LIMIT }, (_request, body, done) => done(null, body));
    forms.post('/api/v1/skills', {
      config: write,
      schema: {
        tags,
        summary: 'Publish a version (clawhub publish)',
        description:
          'JSON naming the upload slots of its files (the current flow), or multipart/form-data with a `payload` field and one `files` part per file (the older one). ' +
          'Creates a stored skill owned by the caller (or the team named by ownerHandle), validated and scanned like any save; refused with the reason when the quarantine policy would block it (422), when the version exists (409), and for bad files (400, 413, 415). Nothing is stored on a refusal.',
        body: {
          content: {
            'application/json': { schema: PublishJsonBody },
            'multipart/form-data': { schema: { type: 'object', description: `Fields: payload (JSON: ${Object.keys(PublishPayload.properties).join(', ')}), files (one part per file, its filename the path)` } },
          },
        },
        response: { 200: PublishResponse, 409: TextError, 413: TextError, 415: TextError, 422: TextError, ...clawhubErrors() },
      },
    }, async (request) => {
      const ctx = actionContext(request);
      if (Buffer.isBuffer(request.body)) {
        const { meta, files } = await readPublishForm(request.body, request.headers['content-type'] ?? '');
        return publish.publish(ctx, meta, files);
      }
      const body = request.body as { slug: string; displayName?: string; ownerHandle?: string; version: string; changelog?: string; files: Array<{ path: string; size: number; sha256: string; storageId: string; uploadTicket?: string }> };
      return publish.publishUploaded(ctx, { slug: body.slug, displayName: body.displayName, ownerHandle: body.ownerHandle, version: body.version, changelog: body.changelog }, body.files);
    });
  });
};

/**
 * `/.well-known/clawhub.json` (and the older `clawdhub.json`): where the CLI finds the API when
 * pointed at the site (`--site`, `CLAWHUB_SITE`). `apiBase` is absolute, as the CLI needs it.
 */
export const clawhubDiscoveryRoutes: FastifyPluginAsyncTypebox<{ publicUrl: string | undefined }> = async (app, { publicUrl }) => {
  for (const path of ['/.well-known/clawhub.json', '/.well-known/clawdhub.json']) {
    app.get(path, {
      config: { access: { public: true as const } },
      schema: { tags: ['clawhub'], summary: 'ClawHub registry discovery', response: { 200: WellKnown } },
    }, async (request, reply) => {
      void reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300').header('vary', 'Host');
      return { apiBase: `${baseUrl(request, publicUrl)}${CLAWHUB_PREFIX}`, minCliVersion: MIN_CLI_VERSION };
    });
  }
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TObject, type TProperties } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { CatalogQueryService } from '../../catalog/query.js';
import type { Artifacts, Audience, DiscoveryService, EncodedBody } from '../../gateway/index.js';
import { sendBytes } from '../send-bytes.js';
import { AgentSkillsIndex, ArtifactRefParams, LegacySkillsIndex, RawBody } from '../schemas/artifacts.js';
import { commonErrors, ErrorBody } from '../schemas/common.js';
import { skillNotFound } from '../../util/app-error.js';

export interface DiscoveryRouteOptions {
  query: CatalogQueryService;
  artifacts: Artifacts;
  discovery: DiscoveryService;
  /** Who the request answers for; throws a 401 AppError when nobody. */
  audience: (request: FastifyRequest) => Audience | Promise<Audience>;
  /** Path prefix the routes are mounted under (`''`, or `/s/:token` for share links). */
  base: string;
  /** Where the installer list lives under this prefix. */
  listPath: string;
  /** Shown in OpenAPI. */
  tag: string;
}

/**
 * The Agent Skills discovery indexes and the artifacts their URLs point at, for one audience
 * (mounted at the root for a caller's own visibility, and under `/s/{token}` for a share link).
 * Every URL inside an index is relative, so it stays within the same audience.
 */
export const discoveryRoutes: FastifyPluginAsyncTypebox<DiscoveryRouteOptions> = async (app, options) => {
  const { query, artifacts, discovery, base, tag } = options;
  const config = { access: { public: true as const } };
  const compress = false as const;
  // A share link's token is a path parameter of every route under its base, declared for OpenAPI.
  // Handlers never read it (the audience resolver does), so the static type leaves it out.
  const hasToken = base.includes(':token');
  const ShareToken = Type.String({ maxLength: 100, description: 'Share link token (shr_...)' });
  const params = <T extends TProperties>(properties: T): TObject<T> =>
    (hasToken ? Type.Object({ token: ShareToken, ...properties }) : Type.Object(properties)) as unknown as TObject<T>;
  const refParams = params({ ref: ArtifactRefParams.properties.ref });
  const baseParams = hasToken ? { params: params({}) } : {};
  const errors = { 401: Type.Ref(ErrorBody), 403: Type.Ref(ErrorBody), 404: Type.Ref(ErrorBody), 413: Type.Ref(ErrorBody), 503: Type.Ref(ErrorBody), ...commonErrors };
  const sendIndex = (request: FastifyRequest, reply: Parameters<typeof sendBytes>[1], audience: Audience, body: EncodedBody) =>
    sendBytes(request, reply, { ...body, type: 'application/json; charset=utf-8', private: !audience.public });

  /** The entry a ref names for this audience: the query service's 404/403, then the audience's own narrowing. */
  const resolve = (audience: Audience, ref: string) => {
    const { entry } = query.resolve(audience.principal, ref, 'install');
    if (!audience.accept(entry)) throw skillNotFound();
    return entry;
  };

  app.get(`${base}/.well-known/agent-skills/index.json`, {
    config,
    compress,
    schema: {
      tags: [tag],
      ...baseParams,
      summary: 'Agent Skills discovery index (0.2.0)',
      description: 'Every skill this caller may install: `skill-md` entries point at the SKILL.md, `archive` entries at a .tar.gz bundle; `digest` is the sha256 of the exact bytes served at `url` (relative to the index).',
      response: { 200: AgentSkillsIndex, ...errors },
    },
  }, async (request, reply) => {
    const audience = await options.audience(request);
    return sendIndex(request, reply, audience, await discovery.agentSkillsIndex(audience));
  });

  app.get(`${base}/.well-known/agent-skills/:ref/SKILL.md`, {
    config,
    compress,
    schema: { tags: [tag], summary: 'SKILL.md of a skill in the discovery index', params: refParams, response: { 200: RawBody('text/markdown; charset=utf-8'), ...errors } },
  }, async (request, reply) => {
    const audience = await options.audience(request);
    const file = await artifacts.file(resolve(audience, request.params.ref), 'SKILL.md');
    return sendBytes(request, reply, { bytes: file.bytes, digest: file.digest, type: file.mime, private: !audience.public });
  });

  for (const format of ['tar.gz', 'zip'] as const) {
    app.get(`${base}/.well-known/agent-skills/:ref/bundle.${format}`, {
      config,
      compress,
      schema: { tags: [tag], summary: `A skill in the discovery index as a .${format} bundle`, params: refParams, response: { 200: RawBody(format === 'zip' ? 'application/zip' : 'application/gzip'), ...errors } },
    }, async (request, reply) => {
      const audience = await options.audience(request);
      const entry = resolve(audience, request.params.ref);
      const bundle = await artifacts.bundle(entry, format);
      return sendBytes(request, reply, { bytes: bundle.bytes, digest: bundle.digest, type: bundle.mime, filename: bundle.filename, private: !audience.public });
    });
  }

  app.get(`${base}/.well-known/agent-skills/:ref/install.tar.gz`, {
    config,
    compress,
    schema: {
      tags: [tag],
      summary: 'A skill as install.sh unpacks it: a .tar.gz with every file under {name}/',
      description: 'The same files as bundle.tar.gz, under a folder named after the skill, so that one tar unpacks many skills each into its own folder. Its digest is the one install.tsv lists.',
      params: refParams,
      response: { 200: RawBody('application/gzip'), ...errors },
    },
  }, async (request, reply) => {
    const audience = await options.audience(request);
    const bundle = await artifacts.installBundle(resolve(audience, request.params.ref));
    return sendBytes(request, reply, { bytes: bundle.bytes, digest: bundle.digest, type: bundle.mime, filename: bundle.filename, private: !audience.public });
  });

  app.get(`${base}/.well-known/skills/index.json`, {
    config,
    compress,
    schema: {
      tags: [tag],
      ...baseParams,
      summary: 'Older skills discovery index',
      description: 'Each skill with its files, SKILL.md first; each file is at `/.well-known/skills/{name}/{path}`.',
      response: { 200: LegacySkillsIndex, ...errors },
    },
  }, async (request, reply) => {
    const audience = await options.audience(request);
    return sendIndex(request, reply, audience, discovery.legacyIndex(audience));
  });

  app.get(`${base}/.well-known/skills/:ref/*`, {
    config,
    compress,
    schema: {
      tags: [tag],
      summary: 'One file of a skill in the older discovery index',
      params: params({ ref: Type.String({ maxLength: 300 }), '*': Type.String({ maxLength: 1024 }) }),
      response: { 200: RawBody('The file, with a type from its extension'), ...errors },
    },
  }, async (request, reply) => {
    const audience = await options.audience(request);
    const file = await artifacts.file(resolve(audience, request.params.ref), request.params['*']);
    return sendBytes(request, reply, { bytes: file.bytes, digest: file.digest, type: file.mime, private: !audience.public });
  });

  app.get(options.listPath, {
    config,
    compress,
    schema: {
      tags: [tag],
      ...baseParams,
      summary: 'Every skill to install, one line each (for install.sh)',
      description: 'Tab-separated `name version digest path`: the digest is of the install bundle (a .tar.gz with the files under `{name}/`) at `path`, relative to the server (or share) base URL. No paging: every skill this caller may install.',
      response: { 200: RawBody('text/tab-separated-values; charset=utf-8'), ...errors },
    },
  }, async (request, reply) => {
    const audience = await options.audience(request);
    return sendBytes(request, reply, { ...(await discovery.installList(audience)), type: 'text/tab-separated-values; charset=utf-8', private: !audience.public });
  });
};

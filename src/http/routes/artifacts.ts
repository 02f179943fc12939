import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CatalogQueryService } from '../../catalog/query.js';
import type { Artifacts, BundleFormat } from '../../gateway/index.js';
import { sendBytes } from '../send-bytes.js';
import { ArtifactFileParams, ArtifactManifest, ArtifactRefParams, RawBody } from '../schemas/artifacts.js';
import { commonErrors, ErrorBody } from '../schemas/common.js';

/**
 * A skill version's artifacts under `/api/skills/{name}[@version]/...`: the raw SKILL.md, each file
 * beside it, `.tar.gz` and `.zip` bundles, and a manifest of their digests. Same visibility as
 * `GET /api/v1/skills/{name}`; a skill the quarantine policy blocks is refused to everyone (403).
 */
export const artifactRoutes: FastifyPluginAsyncTypebox<{ query: CatalogQueryService; artifacts: Artifacts }> = async (app, { query, artifacts }) => {
  const config = { access: { scope: 'skills:read' as const } };
  const compress = false as const;
  const errors = { 403: Type.Ref(ErrorBody), 404: Type.Ref(ErrorBody), 413: Type.Ref(ErrorBody), 503: Type.Ref(ErrorBody), ...commonErrors };
  const isPrivate = (principal: { kind: string }) => principal.kind !== 'anonymous';

  app.get('/api/skills/:ref/artifacts', {
    config,
    compress,
    schema: {
      tags: ['artifacts'],
      summary: 'The files and bundles of a skill version, with their digests',
      params: ArtifactRefParams,
      response: { 200: ArtifactManifest, ...errors },
    },
  }, async (request) => {
    const { entry } = query.resolve(request.principal, request.params.ref, 'install');
    const files = await artifacts.files(entry);
    const bundles = await Promise.all((['tar.gz', 'zip'] as const).map((format) => artifacts.bundle(entry, format)));
    const ref = `${entry.name}@${entry.version}`;
    return {
      name: entry.name,
      version: entry.version,
      type: artifacts.kind(entry),
      files: files.map((file) => ({
        path: file.path,
        size: file.size,
        digest: file.digest,
        mime: file.mime,
        url: file.path === 'SKILL.md' ? `${ref}/SKILL.md` : `${ref}/files/${file.path}`,
      })),
      bundles: bundles.map((bundle) => ({ format: bundle.format, size: bundle.bytes.byteLength, digest: bundle.digest, url: `${ref}/bundle.${bundle.format}` })),
    };
  });

  app.get('/api/skills/:ref/SKILL.md', {
    config,
    compress,
    schema: {
      tags: ['artifacts'],
      summary: 'The raw SKILL.md of a skill version',
      description: 'Exactly the bytes the catalog loaded; the ETag is their sha256 digest.',
      params: ArtifactRefParams,
      response: { 200: RawBody('text/markdown; charset=utf-8'), ...errors },
    },
  }, async (request, reply) => {
    const { entry } = query.resolve(request.principal, request.params.ref, 'install');
    const file = await artifacts.file(entry, 'SKILL.md');
    return sendBytes(request, reply, { bytes: file.bytes, digest: file.digest, type: file.mime, private: isPrivate(request.principal) });
  });

  app.get('/api/skills/:ref/files/*', {
    config,
    compress,
    schema: {
      tags: ['artifacts'],
      summary: 'One file beside the SKILL.md of a skill version',
      params: ArtifactFileParams,
      response: { 200: RawBody('The file, with a type from its extension'), ...errors },
    },
  }, async (request, reply) => {
    const { entry } = query.resolve(request.principal, request.params.ref, 'install');
    const file = await artifacts.file(entry, request.params['*']);
    return sendBytes(request, reply, { bytes: file.bytes, digest: file.digest, type: file.mime, private: isPrivate(request.principal) });
  });

  for (const format of ['tar.gz', 'zip'] as const satisfies readonly BundleFormat[]) {
    app.get(`/api/skills/:ref/bundle.${format}`, {
      config,
      compress,
      schema: {
        tags: ['artifacts'],
        summary: `A skill version as a reproducible .${format}`,
        description: 'SKILL.md at the archive root, the other files under their relative paths; sorted entries, fixed times and modes, no owner names, so the same content always has the same digest (the ETag).',
        params: ArtifactRefParams,
        response: { 200: RawBody(format === 'zip' ? 'application/zip' : 'application/gzip'), ...errors },
      },
    }, async (request, reply) => {
      const { entry } = query.resolve(request.principal, request.params.ref, 'install');
      const bundle = await artifacts.bundle(entry, format);
      return sendBytes(request, reply, { bytes: bundle.bytes, digest: bundle.digest, type: bundle.mime, filename: bundle.filename, private: isPrivate(request.principal) });
    });
  }
};

import { AppError, badRequest } from '../util/app-error.js';
import type { InlineFile, PublishMeta } from './publish.js';

/**
 * ClawHub's older publish form (`multipart/form-data`): a `payload` field with the publish fields
 * as JSON, and each file as a `files` (or `files[]`) part named by its path. Digests, when the
 * payload lists them under `files`, are checked against the bytes later, with the rest.
 */
export async function readPublishForm(body: Buffer, contentType: string): Promise<{ meta: PublishMeta; files: InlineFile[] }> {
  let form: FormData;
  try {
    form = await new Response(new Blob([new Uint8Array(body)]), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw badRequest('Malformed multipart body: send a payload field (JSON) and one files part per file');
  }
  const raw = form.get('payload');
  if (typeof raw !== 'string') throw badRequest('Missing payload: the form needs a payload field with the publish fields as JSON');
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    throw badRequest('Invalid JSON payload');
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw badRequest('Invalid JSON payload: it must be an object');
  const fields = payload as Record<string, unknown>;
  const text = (name: string, required: boolean): string | undefined => {
    const value = fields[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string') throw badRequest(`payload.${name} must be a string`);
    return value;
  };
  const meta: PublishMeta = { slug: text('slug', true)!, version: text('version', true)!, displayName: text('displayName', false), ownerHandle: text('ownerHandle', false), changelog: text('changelog', false) };
  const declared = new Map<string, string>();
  if (Array.isArray(fields.files)) {
    for (const item of fields.files as unknown[]) {
      const { path, sha256 } = (item ?? {}) as { path?: unknown; sha256?: unknown };
      if (typeof path === 'string' && typeof sha256 === 'string') declared.set(path, sha256);
    }
  }
  const files: InlineFile[] = [];
  for (const part of [...form.getAll('files'), ...form.getAll('files[]')]) {
    if (typeof part === 'string') throw badRequest('Each files part must be a file, named by its path in the skill folder');
    const bytes = Buffer.from(await part.arrayBuffer());
    files.push({ path: part.name, bytes, sha256: declared.get(part.name) });
  }
  if (files.length > 1000) throw new AppError(413, 'too_many_files', `The form holds ${files.length} files`);
  return { meta, files };
}

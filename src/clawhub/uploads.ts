import { randomBytes } from 'node:crypto';
import type { ActionContext } from '../auth/audit.js';
import { forbidden } from '../auth/policy.js';
import type { PublishUpload, Store } from '../store/index.js';
import { AppError, badRequest } from '../util/app-error.js';
import { sha256Hex } from './fingerprint.js';
import { kb, PUBLISH_LIMITS, sizeLimitFor } from './limits.js';
import { checkPublishPath } from './paths.js';

export interface UploadRequest {
  path: string;
  size: number;
  sha256: string;
  contentType?: string;
}

const SHA256_HEX = /^[a-fA-F0-9]{64}$/;

const ticketNotFound = () => new AppError(404, 'upload_not_found', 'Upload ticket not found: ask for a new upload URL (tickets expire after an hour)');

/**
 * Upload slots, ClawHub's current publish flow: the CLI asks for one per file, declaring path,
 * size and sha256, sends the bytes to the slot's URL, then publishes naming the slots. Each slot
 * belongs to the user who asked for it, takes bytes once, only the declared bytes, and expires.
 */
export class UploadSlots {
  constructor(private readonly store: Store) {}

  async request(ctx: ActionContext, input: UploadRequest): Promise<PublishUpload> {
    const userId = ownerOf(ctx);
    const path = checkPublishPath(input.path);
    if (!Number.isInteger(input.size) || input.size < 0) throw badRequest('size must be the file size in bytes (a whole number, 0 or more)');
    const limit = sizeLimitFor(path);
    if (input.size > limit) throw new AppError(413, 'file_too_large', `${path} is ${kb(input.size)}; the limit is ${kb(limit)} per ${limit === PUBLISH_LIMITS.fileBytes ? 'file beside SKILL.md' : 'SKILL.md'}`, { limit });
    if (!SHA256_HEX.test(input.sha256)) throw badRequest('sha256 must be the 64-character hex SHA-256 of the file');
    const now = new Date();
    await this.store.publishUploads.deleteExpired(now.toISOString());
    if ((await this.store.publishUploads.countPending(userId, now.toISOString())) >= PUBLISH_LIMITS.pendingUploads) {
      throw new AppError(429, 'too_many_uploads', `You have ${PUBLISH_LIMITS.pendingUploads} uploads waiting to be published; publish them, or wait an hour for them to expire`, {}, { 'retry-after': '60' });
    }
    const upload: PublishUpload = {
      ticket: `upl_${randomBytes(16).toString('hex')}`,
      storage_id: `sto_${randomBytes(16).toString('hex')}`,
      user_id: userId,
      path,
      size: input.size,
      sha256: input.sha256.toLowerCase(),
      content_type: input.contentType?.slice(0, 200) ?? null,
      content: null,
      created_at: now.toISOString(),
      uploaded_at: null,
      expires_at: new Date(now.getTime() + PUBLISH_LIMITS.uploadTtlMs).toISOString(),
    };
    await this.store.publishUploads.create(upload);
    return upload;
  }

  /** Takes the bytes of one slot: exactly the declared size and digest, once. Nothing is kept on a mismatch. */
  async receive(ctx: ActionContext, ticket: string, bytes: Buffer): Promise<PublishUpload> {
    const userId = ownerOf(ctx);
    const upload = await this.store.publishUploads.get(ticket);
    // Someone else's ticket looks like no ticket at all.
    if (!upload || upload.user_id !== userId || upload.expires_at <= new Date().toISOString()) throw ticketNotFound();
    if (upload.content !== null) throw new AppError(409, 'already_uploaded', `${upload.path} was already uploaded to this ticket; ask for a new upload URL to send it again`);
    if (bytes.byteLength > upload.size) throw new AppError(413, 'upload_too_large', `Uploaded file exceeds its declared size: ${upload.path} was declared as ${upload.size} bytes, ${bytes.byteLength} arrived`);
    if (bytes.byteLength !== upload.size) throw badRequest(`Uploaded file size does not match its upload ticket: ${upload.path} was declared as ${upload.size} bytes, ${bytes.byteLength} arrived`);
    if (sha256Hex(bytes) !== upload.sha256) throw badRequest(`Uploaded file SHA-256 does not match its upload ticket: the bytes of ${upload.path} are not the ones declared`);
    if (!(await this.store.publishUploads.attach(ticket, bytes, new Date().toISOString()))) throw new AppError(409, 'already_uploaded', `${upload.path} was already uploaded to this ticket`);
    return { ...upload, content: bytes };
  }

  /** A user's uploaded slots by storage id, every one of them live and filled; refused with the first missing one. */
  async take(ctx: ActionContext, storageIds: readonly string[]): Promise<Map<string, PublishUpload>> {
    const userId = ownerOf(ctx);
    const found = new Map((await this.store.publishUploads.byStorageIds(userId, storageIds)).map((upload) => [upload.storage_id, upload]));
    const now = new Date().toISOString();
    for (const id of storageIds) {
      const upload = found.get(id);
      if (!upload || upload.expires_at <= now) throw badRequest(`Unknown storageId ${JSON.stringify(id.slice(0, 80))}: upload the file first (uploads expire after an hour)`);
      if (upload.content === null) throw badRequest(`${upload.path} was never uploaded: send its bytes to the upload URL before publishing`);
    }
    return found;
  }

  async release(tickets: readonly string[]): Promise<void> {
    await this.store.publishUploads.delete(tickets);
  }
}

function ownerOf(ctx: ActionContext): string {
  if (!ctx.principal.id || ctx.principal.kind === 'anonymous') throw forbidden('skills:write', 'Forbidden: publishing needs a user: log in with a user API key (clawhub login --token sk_...)');
  return ctx.principal.id;
}

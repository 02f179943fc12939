import { randomUUID } from 'node:crypto';
import type { ActionContext, AuditService } from '../auth/audit.js';
import type { SecretBox } from '../auth/secret-box.js';
import type { GitCredential } from '../git/credential.js';
import { ConflictError, type GitCredentialRecord, type Store } from '../store/index.js';
import { AppError, badRequest } from '../util/app-error.js';

export interface CredentialInput {
  name: string;
  kind: 'token' | 'basic';
  username?: string;
  value: string;
}

/** What any endpoint shows of a credential: never the secret. */
export type CredentialView = Omit<GitCredentialRecord, 'secret_sealed'>;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const notFound = (ref: string) => new AppError(404, 'credential_not_found', `No credential named "${ref.slice(0, 64)}"; create it with POST /api/credentials`);

/**
 * Credentials for private repositories, named by `credentials_ref` in imports and hubs. The secret
 * is sealed before it is stored, opened only to make a request, and never returned, logged or
 * audited; rotating it is a PUT with the new value.
 */
export class CredentialService {
  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<CredentialView[]> {
    return (await this.store.credentials.list()).map(view);
  }

  async get(idOrName: string): Promise<CredentialView> {
    const record = await this.store.credentials.get(idOrName);
    if (!record) throw notFound(idOrName);
    return view(record);
  }

  async create(ctx: ActionContext, input: CredentialInput): Promise<CredentialView> {
    check(input);
    const now = new Date().toISOString();
    const id = `cred_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    const record: GitCredentialRecord = {
      id,
      name: input.name,
      kind: input.kind,
      username: input.kind === 'basic' ? input.username ?? null : null,
      secret_sealed: this.box.seal(input.value, id),
      created_by: ctx.principal.id,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.store.transaction(async (s) => {
        await s.credentials.create(record);
        await this.audit.record(ctx, { action: 'credential.create', resource_type: 'credential', resource_id: id, outcome: 'success', details: { name: input.name, kind: input.kind } }, s);
      });
    } catch (err) {
      if (err instanceof ConflictError) throw new AppError(409, 'conflict', err.message);
      throw err;
    }
    return view(record);
  }

  /** Rotation: a new value (and kind or user name) for the same name; imports and hubs naming it use the new one at once. */
  async update(ctx: ActionContext, idOrName: string, input: Partial<CredentialInput>): Promise<CredentialView> {
    const current = await this.store.credentials.get(idOrName);
    if (!current) throw notFound(idOrName);
    if (input.name !== undefined && input.name !== current.name) throw badRequest('a credential cannot be renamed; create one under the new name');
    const kind = input.kind ?? current.kind;
    if (input.value === undefined && input.kind === undefined && input.username === undefined) throw badRequest('send value (the new secret), kind or username');
    if (input.value !== undefined) check({ name: current.name, kind, username: input.username ?? current.username ?? undefined, value: input.value });
    if (kind === 'basic' && !(input.username ?? current.username)) throw badRequest('a basic credential needs a username');
    const changes = {
      kind,
      username: kind === 'basic' ? input.username ?? current.username : null,
      ...(input.value !== undefined ? { secret_sealed: this.box.seal(input.value, current.id) } : {}),
      updated_at: new Date().toISOString(),
    };
    await this.store.transaction(async (s) => {
      await s.credentials.update(current.id, changes);
      await this.audit.record(ctx, { action: 'credential.update', resource_type: 'credential', resource_id: current.id, outcome: 'success', details: { name: current.name, rotated: input.value !== undefined } }, s);
    });
    return view({ ...current, ...changes });
  }

  async delete(ctx: ActionContext, idOrName: string): Promise<void> {
    const current = await this.store.credentials.get(idOrName);
    if (!current) throw notFound(idOrName);
    await this.store.transaction(async (s) => {
      await s.credentials.delete(current.id);
      await this.audit.record(ctx, { action: 'credential.delete', resource_type: 'credential', resource_id: current.id, outcome: 'success', details: { name: current.name } }, s);
    });
  }

  /** The credential a `credentials_ref` names, opened for one request. */
  async resolve(ref: string | null | undefined): Promise<GitCredential | undefined> {
    if (ref === undefined || ref === null || ref === '') return undefined;
    const record = await this.store.credentials.get(ref);
    if (!record) throw new AppError(400, 'credential_not_found', `credentials_ref "${ref.slice(0, 64)}" names no stored credential; create it with POST /api/credentials`);
    const secret = this.box.open(record.secret_sealed, record.id);
    if (secret === undefined) {
      throw new AppError(422, 'credential_unreadable', `credential "${record.name}" cannot be opened with this server's key (SKILLPORT_SECRET_KEY differs from the one it was stored with); store it again with PUT /api/credentials/${record.name}`);
    }
    return { kind: record.kind, username: record.username ?? undefined, secret };
  }
}

function check(input: CredentialInput): void {
  if (!NAME.test(input.name)) throw badRequest('name must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');
  if (input.value.length === 0 || input.value.length > 8192) throw badRequest('value must be 1 to 8192 characters');
  if (/[\r\n\0]/.test(input.value)) throw badRequest('value must be one line (no line breaks)');
  if (input.kind === 'basic' && !input.username) throw badRequest('a basic credential needs a username');
  if (input.username !== undefined && (input.username.length > 256 || /[:\r\n\0]/.test(input.username))) throw badRequest('username must be at most 256 characters, without ":" or line breaks');
}

function view(record: GitCredentialRecord): CredentialView {
  const { secret_sealed: _sealed, ...rest } = record;
  return rest;
}

import type { AuditEntry, Store } from '../store/index.js';
import type { Logger } from '../util/logger.js';
import type { Principal } from './principal.js';

/** Where an action came from: the caller and the request that carried it. */
export interface ActionContext {
  principal: Principal;
  ip: string | null;
  requestId: string | null;
}

export const CONSOLE: Omit<ActionContext, 'principal'> = { ip: null, requestId: null };

export interface AuditRecord {
  action: string;
  resource_type: string;
  resource_id?: string | null;
  outcome: AuditEntry['outcome'];
  /** Facts about the action. Callers must never put a secret here. */
  details?: Record<string, unknown>;
}

/** Writes who did what to which resource; a failure to audit is logged, never hidden. */
export class AuditService {
  constructor(
    private readonly store: Store,
    private readonly logger?: Logger,
  ) {}

  async record(context: ActionContext, record: AuditRecord, store: Store = this.store): Promise<void> {
    const { principal } = context;
    try {
      await store.audit.append({
        actor_id: principal.id,
        actor_kind: principal.kind,
        action: record.action,
        resource_type: record.resource_type,
        resource_id: record.resource_id ?? null,
        outcome: record.outcome,
        ip: context.ip,
        request_id: context.requestId,
        details: { ...(principal.keyId ? { key_id: principal.keyId } : {}), ...record.details },
      });
    } catch (err) {
      this.logger?.error({ err, action: record.action }, 'audit write failed');
      throw err;
    }
  }
}

// The audit trail: one row per authentication event (seed: login, refresh, key creation/revocation, failed
// auth), with the caller's address. Never a secret, never a password, never a raw email of an unknown user.
import { randomUUID } from 'node:crypto';
import type { CloudDb } from '../db/connect';

export type AuditAction =
  | 'register'
  | 'login'
  | 'login_failed'
  | 'login_throttled'
  | 'refresh'
  | 'refresh_concurrent'
  | 'refresh_failed'
  | 'refresh_reuse_detected'
  | 'api_key_created'
  | 'api_key_revoked'
  | 'auth_failed'
  | 'permission_denied'
  | 'logout'
  | 'user_deleted';

export interface AuditEvent {
  readonly userId: string | null;
  readonly action: AuditAction;
  readonly endpoint: string;
  readonly statusCode: number;
  readonly ip: string | null;
  readonly detail?: string;
}

export async function writeAudit(db: CloudDb, event: AuditEvent, now: number): Promise<void> {
  await db
    .insertInto('audit_logs')
    .values({
      id: randomUUID(),
      user_id: event.userId,
      action: event.action,
      endpoint: event.endpoint.slice(0, 200),
      status_code: event.statusCode,
      ip: event.ip,
      detail: event.detail?.slice(0, 500) ?? null,
      created_at: now,
    })
    .execute();
}

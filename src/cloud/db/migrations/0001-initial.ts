// 0001: users, sessions, refresh tokens, API keys, audit log, login throttle, uploads, recordings, analyses and
// ALBA streams. Times are epoch ms (bigint); ids are uuid on PostgreSQL and text on SQLite.
import type { Kysely, Migration } from 'kysely';
import type { DbKind } from '../kind';
import { columnTypes } from '../kind';

export function migration0001(kind: DbKind): Migration {
  const t = columnTypes(kind);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('revoked_reason', 'text')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('refresh_tokens')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('session_id', t.id, (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('parent_id', t.id)
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('rotated_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('refresh_tokens_session')
        .on('refresh_tokens')
        .column('session_id')
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('session_id', t.id, (c) => c.references('sessions.id').onDelete('cascade'))
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_used_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('api_keys_user').on('api_keys').column('user_id').execute();
      await db.schema.createIndex('api_keys_session').on('api_keys').column('session_id').execute();

      await db.schema
        .createTable('audit_logs')
        .addColumn('id', t.id, (c) => c.primaryKey())
        // Kept when the user is deleted, without the link: the security trail outlives the account.
        .addColumn('user_id', t.id, (c) => c.references('users.id').onDelete('set null'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('endpoint', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('detail', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_logs_user')
        .on('audit_logs')
        .columns(['user_id', 'created_at'])
        .execute();
      await db.schema.createIndex('audit_logs_created').on('audit_logs').column('created_at').execute();

      await db.schema
        .createTable('login_failures')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('bucket', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_failures_bucket')
        .on('login_failures')
        .columns(['bucket', 'created_at'])
        .execute();

      await db.schema
        .createTable('file_chunks')
        .addColumn('file_id', t.id, (c) => c.notNull())
        .addColumn('offset_bytes', 'bigint', (c) => c.notNull())
        .addColumn('data', t.blob, (c) => c.notNull())
        .addPrimaryKeyConstraint('file_chunks_pk', ['file_id', 'offset_bytes'])
        .execute();

      await db.schema
        .createTable('recordings')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'bigint', (c) => c.notNull())
        .addColumn('channels', 'integer', (c) => c.notNull())
        .addColumn('sample_rate', t.real, (c) => c.notNull())
        .addColumn('duration_s', t.real, (c) => c.notNull())
        .addColumn('channel_labels', 'text', (c) => c.notNull())
        .addColumn('file_id', t.id, (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('recordings_content')
        .on('recordings')
        .columns(['user_id', 'kind', 'sha256'])
        .unique()
        .execute();
      await db.schema
        .createIndex('recordings_idempotency')
        .on('recordings')
        .columns(['user_id', 'idempotency_key'])
        .unique()
        .execute();
      await db.schema
        .createIndex('recordings_user')
        .on('recordings')
        .columns(['user_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('uploads')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('received_bytes', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('recording_id', t.id, (c) => c.references('recordings.id').onDelete('set null'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('uploads_idempotency')
        .on('uploads')
        .columns(['user_id', 'idempotency_key'])
        .unique()
        .execute();
      await db.schema.createIndex('uploads_user').on('uploads').columns(['user_id', 'status']).execute();

      await db.schema
        .createTable('analyses')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('recording_id', t.id, (c) => c.references('recordings.id').onDelete('set null'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('analyses_user')
        .on('analyses')
        .columns(['user_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('alba_streams')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('stream_id', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('channels', 'integer', (c) => c.notNull())
        .addColumn('channel_labels', 'text', (c) => c.notNull())
        .addColumn('sample_rate', t.real, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('total_samples', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('stopped_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('alba_streams_user_stream')
        .on('alba_streams')
        .columns(['user_id', 'stream_id'])
        .unique()
        .execute();

      await db.schema
        .createTable('alba_chunks')
        .addColumn('stream_pk', t.id, (c) => c.notNull().references('alba_streams.id').onDelete('cascade'))
        .addColumn('first_sample', 'bigint', (c) => c.notNull())
        .addColumn('sample_count', 'integer', (c) => c.notNull())
        .addColumn('data', t.blob, (c) => c.notNull())
        .addPrimaryKeyConstraint('alba_chunks_pk', ['stream_pk', 'first_sample'])
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of [
        'alba_chunks',
        'alba_streams',
        'analyses',
        'uploads',
        'recordings',
        'file_chunks',
        'login_failures',
        'audit_logs',
        'api_keys',
        'refresh_tokens',
        'sessions',
        'users',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

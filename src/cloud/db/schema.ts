// The tables of the cloud store (docs/design/API.md, the seeds' schema plus what hardening needs).
// Times are epoch milliseconds (bigint) and ids are UUIDs (uuid in PostgreSQL, text in SQLite), so that one set
// of queries runs unchanged on both engines; JSON columns are text.

export interface UsersTable {
  id: string;
  /** Trimmed and lower-cased. */
  email: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
}

/** One login: its JWTs carry the session id (`sid`), its refresh tokens form the rotation family. */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

export interface RefreshTokensTable {
  id: string;
  user_id: string;
  session_id: string;
  /** Hex SHA-256 of the token; the token itself is never stored. */
  token_hash: string;
  parent_id: string | null;
  expires_at: number;
  created_at: number;
  /** When this token was exchanged for a successor; a later use is reuse. */
  rotated_at: number | null;
  revoked_at: number | null;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  /** The login that returned this key, or null for a key made with POST /auth/api-key. */
  session_id: string | null;
  key_hash: string;
  prefix: string;
  label: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuditLogsTable {
  id: string;
  user_id: string | null;
  action: string;
  endpoint: string;
  status_code: number;
  ip: string | null;
  detail: string | null;
  created_at: number;
}

/** Failed logins per throttle bucket (`email:<sha256>` or `ip:<address>`), shared by every server instance. */
export interface LoginFailuresTable {
  id: string;
  bucket: string;
  created_at: number;
}

/** Content of uploads and recordings, in parts; `file_id` is the upload id that received it. */
export interface FileChunksTable {
  file_id: string;
  offset_bytes: number;
  data: Uint8Array;
}

export interface UploadsTable {
  id: string;
  user_id: string;
  kind: string;
  file_name: string;
  label: string;
  size_bytes: number;
  sha256: string;
  received_bytes: number;
  status: string;
  idempotency_key: string | null;
  recording_id: string | null;
  created_at: number;
  updated_at: number;
  expires_at: number;
}

export interface RecordingsTable {
  id: string;
  user_id: string;
  kind: string;
  label: string;
  file_name: string;
  format: string;
  sha256: string;
  size_bytes: number;
  channels: number;
  sample_rate: number;
  duration_s: number;
  /** JSON array of strings. */
  channel_labels: string;
  file_id: string;
  idempotency_key: string | null;
  created_at: number;
}

export interface AnalysesTable {
  id: string;
  user_id: string;
  recording_id: string | null;
  kind: string;
  /** JSON of the report. */
  result: string;
  created_at: number;
}

export interface AlbaStreamsTable {
  id: string;
  user_id: string;
  stream_id: string;
  label: string;
  channels: number;
  channel_labels: string;
  sample_rate: number;
  status: string;
  total_samples: number;
  created_at: number;
  stopped_at: number | null;
}

/** Appended samples: little-endian float32, row-major (sample by sample, one value per channel). */
export interface AlbaChunksTable {
  stream_pk: string;
  first_sample: number;
  sample_count: number;
  data: Uint8Array;
}

export interface CloudTables {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  api_keys: ApiKeysTable;
  audit_logs: AuditLogsTable;
  login_failures: LoginFailuresTable;
  file_chunks: FileChunksTable;
  uploads: UploadsTable;
  recordings: RecordingsTable;
  analyses: AnalysesTable;
  alba_streams: AlbaStreamsTable;
  alba_chunks: AlbaChunksTable;
}

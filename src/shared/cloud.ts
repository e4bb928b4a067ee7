// Clisonix Cloud API wire types (docs/design/API.md), shared by the server (src/cloud) and the SDK (src/sdk).
// Field names are the seeds' snake_case; times are ISO 8601 strings in UTC.

/** The machine words of the `error` field. The first seven are the seeds' own spellings. */
export const CLOUD_ERROR = {
  invalidCredentials: 'Invalid credentials',
  tokenExpired: 'token_expired',
  invalidApiKey: 'Invalid API key',
  authorizationRequired: 'Authorization required',
  insufficientPermissions: 'insufficient_permissions',
  rateLimited: 'rate_limited',
  invalidRequest: 'invalid_request',
  /** A JWT that is malformed, forged, revoked or for another audience. */
  invalidToken: 'invalid_token',
  /** A refresh token that is unknown, expired, revoked or reused. */
  invalidRefreshToken: 'invalid_refresh_token',
  notFound: 'not_found',
  conflict: 'conflict',
  /** The part of the brain engine this request needs is not available in this server build. */
  engineUnavailable: 'engine_unavailable',
  /** The database or another dependency is down; retry after `Retry-After`. */
  unavailable: 'unavailable',
  internal: 'internal_error',
} as const;

export type CloudErrorWord = (typeof CLOUD_ERROR)[keyof typeof CLOUD_ERROR];

export interface CloudErrorBody {
  readonly error: CloudErrorWord;
  readonly message?: string;
  /** token_expired: when the token expired. */
  readonly expires_at?: string;
  /** rate_limited: seconds to wait (also in the Retry-After header). */
  readonly retry_after_s?: number;
  /** Resumable upload conflicts: the offset the server expects next. */
  readonly expected_offset?: number;
}

// ---- Authentication ------------------------------------------------------------------------------------------

export interface RegisterRequest {
  readonly email: string;
  readonly password: string;
}
export interface RegisterResponse {
  readonly user_id: string;
  readonly email: string;
  readonly created_at: string;
}

export interface LoginRequest {
  readonly email: string;
  readonly password: string;
}
export interface LoginResponse {
  readonly token: string;
  readonly refresh_token: string;
  readonly api_key: string;
  /** Lifetime of `token` in seconds (3600). */
  readonly expires_in: number;
  readonly token_type: 'Bearer';
  readonly user_id: string;
}

export interface RefreshRequest {
  readonly refresh_token: string;
}
/** The seeds' `{token, expires_in}` plus the rotated refresh token: the one sent stops working. */
export interface RefreshResponse {
  readonly token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  readonly token_type: 'Bearer';
}

export interface ApiKeyCreateRequest {
  readonly label: string;
}
export interface ApiKeyCreateResponse {
  /** Shown once: the server keeps only its hash. */
  readonly api_key: string;
  readonly id: string;
  readonly label: string;
  readonly created_at: string;
}

export interface ApiKeyInfo {
  readonly id: string;
  readonly label: string;
  /** The first characters of the key, enough to recognise it, never enough to use it. */
  readonly prefix: string;
  readonly created_at: string;
  readonly last_used_at: string | null;
  readonly revoked_at: string | null;
  /** True for the key a login returned (revoked with that login on logout). */
  readonly from_login: boolean;
}
export interface ApiKeyListResponse {
  readonly api_keys: readonly ApiKeyInfo[];
}
export interface ApiKeyRevokeResponse {
  readonly id: string;
  readonly revoked_at: string;
}

export type LogoutScope = 'session' | 'all';
export interface LogoutRequest {
  /** `session` (default): this login's tokens and its login key. `all`: every session and every API key. */
  readonly scope?: LogoutScope;
}
export interface LogoutResponse {
  readonly revoked_sessions: number;
  readonly revoked_api_keys: number;
}

export interface DeleteUserResponse {
  readonly deleted: true;
  readonly user_id: string;
}

// ---- Health and status ---------------------------------------------------------------------------------------

export interface HealthResponse {
  readonly status: 'healthy';
  readonly version: string;
  readonly time: string;
}

export type AuthMethod = 'jwt' | 'api_key';

export interface StatusResponse {
  readonly status: 'ok';
  readonly user: { readonly id: string; readonly email: string; readonly created_at: string };
  readonly auth: AuthMethod;
  readonly recordings: number;
  readonly active_streams: number;
  readonly server_time: string;
}

export interface EngineCapabilities {
  readonly readers: { readonly [format in EegFormat]: boolean };
  readonly energy_check: boolean;
  readonly harmony: boolean;
  readonly scan_harmonic: boolean;
  readonly brainsync: boolean;
  readonly neural_symphony: boolean;
}

export interface SystemStatusResponse {
  readonly status: 'ok' | 'degraded';
  readonly version: string;
  readonly started_at: string;
  readonly uptime_s: number;
  readonly node: string;
  readonly database: {
    readonly kind: 'sqlite' | 'postgres';
    readonly ok: boolean;
    readonly latency_ms: number;
  };
  readonly queue: { readonly open_uploads: number; readonly active_streams: number };
  readonly engine: EngineCapabilities;
}

// ---- Ask -----------------------------------------------------------------------------------------------------

export interface AskRequest {
  readonly question: string;
  /** Optional: a recording id to ask about, or free text that is echoed back. */
  readonly context?: string;
  readonly include_details?: boolean;
}
export type AskIntent =
  | 'greeting'
  | 'recording_count'
  | 'latest_recording'
  | 'recording_detail'
  | 'streams'
  | 'analyses'
  | 'account'
  | 'help';
export interface AskSource {
  readonly type: 'recording' | 'stream' | 'analysis' | 'account';
  readonly id: string;
}
export interface AskResponse {
  readonly question: string;
  readonly intent: AskIntent;
  readonly answer: string;
  readonly sources: readonly AskSource[];
  readonly details?: Readonly<Record<string, unknown>>;
}

// ---- Recordings and uploads ----------------------------------------------------------------------------------

export type EegFormat = 'edf' | 'bdf' | 'openbci-text' | 'csv';
export type RecordingKind = 'eeg' | 'audio';

export interface RecordingInfo {
  readonly id: string;
  readonly kind: RecordingKind;
  readonly label: string;
  readonly file_name: string;
  /** EEG: one of EegFormat; audio: `wav`. */
  readonly format: EegFormat | 'wav';
  readonly sha256: string;
  readonly size_bytes: number;
  readonly channels: number;
  readonly sample_rate: number;
  readonly duration_s: number;
  readonly channel_labels: readonly string[];
  readonly created_at: string;
}

export interface UploadResponse {
  readonly recording: RecordingInfo;
  /** True when this content (same SHA-256) or this Idempotency-Key was already stored: nothing new was created. */
  readonly duplicate: boolean;
}

export interface RecordingListResponse {
  readonly recordings: readonly RecordingInfo[];
}

export interface UploadSessionCreateRequest {
  readonly kind: RecordingKind;
  readonly file_name: string;
  readonly size_bytes: number;
  /** Hex SHA-256 of the whole content, verified when the upload completes. */
  readonly sha256: string;
  readonly label?: string;
}

export type UploadSessionStatus = 'open' | 'complete';

export interface UploadSession {
  readonly upload_id: string;
  readonly kind: RecordingKind;
  readonly file_name: string;
  readonly size_bytes: number;
  readonly sha256: string;
  /** Bytes stored so far: the offset of the next part. */
  readonly received_bytes: number;
  readonly max_part_bytes: number;
  readonly status: UploadSessionStatus;
  readonly expires_at: string;
  /** Set once complete. */
  readonly recording: RecordingInfo | null;
}

// ---- Brain engine (docs/design/ENGINE.md) ---------------------------------------------------------------------

export interface BandPowers<T = number> {
  readonly delta: T;
  readonly theta: T;
  readonly alpha: T;
  readonly beta: T;
  readonly gamma: T;
}

export type ChannelQuality = 'good' | 'noisy' | 'flat' | 'railed' | 'line-noise';

export interface EnergyCheckChannel {
  readonly label: string;
  readonly sample_rate_hz: number;
  readonly rms_uv: number;
  readonly total_power_uv2: number;
  readonly bands: BandPowers;
  /** Band / sum of the five bands; null when the bands hold no power at all. */
  readonly relative: BandPowers<number | null>;
  readonly peak_alpha_hz: number | null;
  /** Null when neither mains frequency lies below Nyquist or there is no reference power. */
  readonly line_noise_ratio: number | null;
  readonly flat_fraction: number;
  /** Null when the file does not say the ADC's range (then railing cannot be judged). */
  readonly railed_fraction: number | null;
  readonly quality: ChannelQuality;
  /** What decided the quality label, with the thresholds. */
  readonly quality_reasons: readonly string[];
}

export interface EnergyCheckReport {
  readonly params: Readonly<Record<string, unknown>>;
  readonly channels: readonly EnergyCheckChannel[];
}

export interface HarmonyReport {
  readonly params: Readonly<Record<string, unknown>>;
  /** Mean alpha-band magnitude-squared coherence over channel pairs, 0..1; null when no pair could be formed. */
  readonly index: number | null;
  /** Why the index is null (one channel only, channels at different rates...); null otherwise. */
  readonly index_reason: string | null;
  readonly pairs: readonly {
    readonly a: string;
    readonly b: string;
    readonly alpha_coherence: number | null;
    readonly reason?: string;
  }[];
  readonly asymmetry: readonly {
    readonly left: string;
    readonly right: string;
    readonly value: number | null;
    readonly reason?: string;
  }[];
}

export interface SpectralPeak {
  readonly hz: number;
  readonly power: number;
  readonly snr_db: number;
}

export interface ScanHarmonicReport {
  readonly params: Readonly<Record<string, unknown>>;
  readonly channels: readonly {
    readonly label: string;
    readonly peaks: readonly SpectralPeak[];
    readonly families: readonly { readonly f0_hz: number; readonly harmonics_hz: readonly number[] }[];
  }[];
}

export type BrainAnalysisKind = 'energy_check' | 'harmony' | 'scan_harmonic';

/** Every brain endpoint answers with the report plus where it came from and the stored analysis id. */
export type BrainResponse<Report> = Report & {
  readonly analysis_id: string;
  readonly recording: RecordingInfo | null;
};
export type EnergyCheckResponse = BrainResponse<EnergyCheckReport>;
export type HarmonyResponse = BrainResponse<HarmonyReport>;
export type ScanHarmonicResponse = BrainResponse<ScanHarmonicReport>;

export type BrainsyncMode = 'relax' | 'focus' | 'sleep' | 'meditate';
export const BRAINSYNC_MODES: readonly BrainsyncMode[] = ['relax', 'focus', 'sleep', 'meditate'];

// ---- ALBA live streams ---------------------------------------------------------------------------------------

export interface AlbaStartRequest {
  /** Optional: chosen by the server when absent. Letters, digits, `_ . -`, at most 64. */
  readonly stream_id?: string;
  /** A channel count, or the channel labels. */
  readonly channels: number | readonly string[];
  /** Samples per second per channel (default 250). */
  readonly sample_rate?: number;
  readonly label?: string;
}

export type AlbaStreamStatus = 'active' | 'stopped';

export interface AlbaStream {
  readonly stream_id: string;
  readonly label: string;
  readonly channels: number;
  readonly channel_labels: readonly string[];
  readonly sample_rate: number;
  readonly status: AlbaStreamStatus;
  readonly total_samples: number;
  readonly created_at: string;
  readonly stopped_at: string | null;
}

export interface AlbaAppendRequest {
  /** One row per sample, one value per channel, in microvolts. */
  readonly samples: readonly (readonly number[])[];
  /**
   * Index of the first row in the stream's clock. When given, a retried append is recognised (duplicate) and a
   * gap or overlap is refused (409 with expected_offset) instead of silently misplacing samples.
   */
  readonly first_sample?: number;
}
export interface AlbaAppendResponse {
  readonly stream_id: string;
  readonly accepted: number;
  readonly duplicate: boolean;
  readonly total_samples: number;
}

export interface AlbaDataResponse {
  readonly stream_id: string;
  readonly channels: number;
  readonly channel_labels: readonly string[];
  readonly sample_rate: number;
  readonly status: AlbaStreamStatus;
  /** Index of `samples[0]` in the stream's clock. */
  readonly first_sample: number;
  readonly samples: readonly (readonly number[])[];
  readonly total_samples: number;
}

export interface AlbaListResponse {
  readonly streams: readonly AlbaStream[];
}

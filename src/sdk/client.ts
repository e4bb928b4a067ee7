// ClisonixClient: the TypeScript SDK of the Clisonix Cloud API (docs/design/API.md). fetch-based, so it runs in
// Node and in a browser renderer alike. It keeps the login's tokens to itself (private fields: they never reach a
// log line, an error or util.inspect), refreshes the access token 5 minutes before it expires and once on
// token_expired, retries 429 and 5xx with exponential backoff and jitter (never sooner than Retry-After), and
// gives every attempt a timeout.
import type {
  AlbaAppendResponse,
  AlbaDataResponse,
  AlbaListResponse,
  AlbaStream,
  ApiKeyCreateResponse,
  ApiKeyListResponse,
  ApiKeyRevokeResponse,
  AskResponse,
  BrainsyncMode,
  CloudErrorBody,
  DeleteUserResponse,
  EnergyCheckResponse,
  HarmonyResponse,
  HealthResponse,
  LoginResponse,
  LogoutResponse,
  LogoutScope,
  RecordingKind,
  RecordingListResponse,
  RefreshResponse,
  RegisterResponse,
  ScanHarmonicResponse,
  StatusResponse,
  SystemStatusResponse,
  UploadResponse,
  UploadSession,
} from '../shared/cloud';
import {
  ClisonixAbortError,
  ClisonixApiError,
  ClisonixAuthError,
  ClisonixConflictError,
  ClisonixError,
  ClisonixNetworkError,
  ClisonixRateLimitError,
  ClisonixTimeoutError,
  apiErrorFor,
} from './errors';
import {
  DEFAULT_RETRY,
  backoffMs,
  isRetryableStatus,
  parseRetryAfter,
  sleep,
  type RetryPolicy,
} from './retry';

/** The login's tokens, for a caller that keeps them between runs (e.g. in the OS keychain). */
export interface StoredTokens {
  readonly token: string;
  readonly refreshToken: string;
  /** When `token` expires, epoch ms. */
  readonly expiresAt: number;
  /** Its lifetime when issued, ms (decides how early to refresh). */
  readonly lifetimeMs: number;
}

/** What the client tells a logger about each attempt: never a header, a body or a query string. */
export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  /** 0 when no answer came (network error, timeout). */
  readonly status: number;
  readonly durationMs: number;
  readonly attempt: number;
}

export interface ClisonixClientOptions {
  readonly baseUrl: string;
  /** Per attempt, ms (default 30 000). */
  readonly timeout?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Refresh this long before the access token expires (default 5 minutes, at most half its lifetime). */
  readonly refreshMarginMs?: number;
  readonly apiKey?: string;
  readonly tokens?: StoredTokens;
  /** Told about every new token pair, and null when they are dropped (logout, a refused refresh). */
  readonly onTokens?: (tokens: StoredTokens | null) => void;
  readonly logger?: (entry: RequestLogEntry) => void;
  readonly fetch?: typeof fetch;
  /** Jitter source (tests pin it). */
  readonly random?: () => number;
  readonly now?: () => number;
}

export type FileInput = Blob | Uint8Array | ArrayBuffer;

export interface UploadOptions {
  readonly fileName?: string;
  readonly label?: string;
  /** Makes a retried upload return the first one's result instead of storing it twice. */
  readonly idempotencyKey?: string;
  readonly signal?: AbortSignal;
}

export interface ResumableUploadOptions extends UploadOptions {
  /** Bytes per part (default: the server's maximum). */
  readonly partBytes?: number;
  readonly onProgress?: (sentBytes: number, totalBytes: number) => void;
}

/** Brain endpoints work on an uploaded file or on a recording already stored in the cloud. */
export type BrainInput = FileInput | { readonly recordingId: string };

export interface AlbaStartOptions {
  readonly channels: number | readonly string[];
  readonly sampleRate?: number;
  readonly label?: string;
}

interface Call {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly json?: unknown;
  readonly body?: () => RequestBody;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** none: no credentials; auto: the token or the API key, whichever was set last. */
  readonly auth: 'none' | 'auto';
  /** May this request be sent again after a 5xx, a timeout or a lost connection? (429 is always retried.) */
  readonly idempotent: boolean;
  readonly signal?: AbortSignal | undefined;
}

type Mode = 'none' | 'jwt' | 'api_key';

/** fetch's body types, named in a way both the DOM and Node's typings know. */
type RequestBody = NonNullable<RequestInit['body']>;

/** A successful answer, read whole. */
interface Reply {
  readonly status: number;
  readonly bytes: Uint8Array;
}

const FIVE_MINUTES_MS = 5 * 60_000;

export class ClisonixClient {
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #refreshMarginMs: number;
  readonly #fetch: typeof fetch;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #logger: ((entry: RequestLogEntry) => void) | undefined;
  readonly #onTokens: ((tokens: StoredTokens | null) => void) | undefined;
  #tokens: StoredTokens | null = null;
  #apiKey: string | null = null;
  #mode: Mode = 'none';
  #refreshing: Promise<RefreshResponse> | null = null;

  constructor(options: ClisonixClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeout ?? 30_000;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#refreshMarginMs = options.refreshMarginMs ?? FIVE_MINUTES_MS;
    // Bound: a detached `fetch` loses its `this` in browsers.
    this.#fetch = options.fetch ?? fetch.bind(globalThis);
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
    this.#onTokens = options.onTokens;
    if (options.tokens) {
      this.#tokens = options.tokens;
      this.#mode = 'jwt';
    }
    if (options.apiKey !== undefined) this.setApiKey(options.apiKey);
  }

  /** How this client authenticates now. */
  get authMode(): Mode {
    return this.#mode;
  }

  // ---- Authentication ----------------------------------------------------------------------------------------

  async register(email: string, password: string): Promise<RegisterResponse> {
    return this.#json<RegisterResponse>({
      method: 'POST',
      path: '/auth/register',
      json: { email, password },
      auth: 'none',
      idempotent: false,
    });
  }

  /** Logs in and from then on sends the token (refreshing it as needed). */
  async login(email: string, password: string): Promise<LoginResponse> {
    const login = await this.#json<LoginResponse>({
      method: 'POST',
      path: '/auth/login',
      json: { email, password },
      auth: 'none',
      idempotent: true,
    });
    this.#storeTokens(login.token, login.refresh_token, login.expires_in);
    this.#mode = 'jwt';
    return login;
  }

  /** Exchanges the refresh token for a new pair (concurrent callers share one exchange). */
  refresh(): Promise<RefreshResponse> {
    this.#refreshing ??= this.#doRefresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #doRefresh(): Promise<RefreshResponse> {
    const tokens = this.#tokens;
    if (!tokens) throw new ClisonixError('no refresh token: log in first');
    try {
      const refreshed = await this.#json<RefreshResponse>({
        method: 'POST',
        path: '/auth/refresh',
        json: { refresh_token: tokens.refreshToken },
        auth: 'none',
        // A refresh sent twice within the server's grace window is recognised as one client, not a theft.
        idempotent: true,
      });
      this.#storeTokens(refreshed.token, refreshed.refresh_token, refreshed.expires_in);
      return refreshed;
    } catch (error) {
      if (error instanceof ClisonixAuthError) this.#dropTokens();
      throw error;
    }
  }

  /** Creates an API key (needs a logged-in token: an API key cannot make keys). */
  async createApiKey(label: string): Promise<ApiKeyCreateResponse> {
    return this.#json({
      method: 'POST',
      path: '/auth/api-key',
      json: { label },
      auth: 'auto',
      idempotent: false,
    });
  }

  async listApiKeys(): Promise<ApiKeyListResponse> {
    return this.#json({ method: 'GET', path: '/auth/api-keys', auth: 'auto', idempotent: true });
  }

  async revokeApiKey(id: string): Promise<ApiKeyRevokeResponse> {
    return this.#json({
      method: 'DELETE',
      path: `/auth/api-keys/${enc(id)}`,
      auth: 'auto',
      idempotent: true,
    });
  }

  /** From now on, authenticate with this key (X-API-Key). */
  setApiKey(apiKey: string): void {
    this.#apiKey = apiKey;
    this.#mode = 'api_key';
  }

  /** Ends this login on the server (or every login with scope 'all') and forgets the tokens. */
  async logout(scope: LogoutScope = 'session'): Promise<LogoutResponse> {
    try {
      return await this.#json<LogoutResponse>({
        method: 'POST',
        path: '/auth/logout',
        json: { scope },
        auth: 'auto',
        idempotent: true,
      });
    } finally {
      this.#dropTokens();
    }
  }

  /** Deletes the account and all its data (needs a logged-in token). */
  async deleteUser(): Promise<DeleteUserResponse> {
    const deleted = await this.#json<DeleteUserResponse>({
      method: 'DELETE',
      path: '/user',
      auth: 'auto',
      idempotent: false,
    });
    this.#dropTokens();
    this.#apiKey = null;
    return deleted;
  }

  // ---- Health and status -------------------------------------------------------------------------------------

  async health(): Promise<HealthResponse> {
    return this.#json({ method: 'GET', path: '/health', auth: 'auto', idempotent: true });
  }

  async status(): Promise<StatusResponse> {
    return this.#json({ method: 'GET', path: '/status', auth: 'auto', idempotent: true });
  }

  async systemStatus(): Promise<SystemStatusResponse> {
    return this.#json({ method: 'GET', path: '/api/system-status', auth: 'auto', idempotent: true });
  }

  // ---- Ask and audio -----------------------------------------------------------------------------------------

  async ask(
    question: string,
    options: { context?: string; includeDetails?: boolean } = {},
  ): Promise<AskResponse> {
    return this.#json({
      method: 'POST',
      path: '/api/ask',
      json: {
        question,
        ...(options.context === undefined ? {} : { context: options.context }),
        ...(options.includeDetails === undefined ? {} : { include_details: options.includeDetails }),
      },
      auth: 'auto',
      idempotent: true,
    });
  }

  /** The neural symphony of the latest recording (or of `recordingId`) as WAV bytes. */
  async neuralSymphony(options: { recordingId?: string; signal?: AbortSignal } = {}): Promise<Uint8Array> {
    return this.#bytes({
      method: 'GET',
      path: '/api/neural-symphony',
      query: { recording_id: options.recordingId },
      auth: 'auto',
      idempotent: true,
      signal: options.signal,
    });
  }

  // ---- Uploads -----------------------------------------------------------------------------------------------

  async uploadEeg(file: FileInput, options: UploadOptions = {}): Promise<UploadResponse> {
    return this.#upload('eeg', file, options);
  }

  async uploadAudio(file: FileInput, options: UploadOptions = {}): Promise<UploadResponse> {
    return this.#upload('audio', file, options);
  }

  async #upload(kind: RecordingKind, file: FileInput, options: UploadOptions): Promise<UploadResponse> {
    const blob = toBlob(file);
    const fileName =
      options.fileName ?? (blob instanceof File ? blob.name : `upload.${kind === 'eeg' ? 'txt' : 'wav'}`);
    return this.#json({
      method: 'POST',
      path: `/api/uploads/${kind}`,
      body: () => multipart(blob, fileName, options.label === undefined ? {} : { label: options.label }),
      headers: options.idempotencyKey === undefined ? {} : { 'Idempotency-Key': options.idempotencyKey },
      auth: 'auto',
      idempotent: options.idempotencyKey !== undefined,
      signal: options.signal,
    });
  }

  async listRecordings(): Promise<RecordingListResponse> {
    return this.#json({ method: 'GET', path: '/api/recordings', auth: 'auto', idempotent: true });
  }

  /**
   * Uploads a large file in parts, resuming where the server stands (after a lost connection, or in a later run
   * with the same content): the content's SHA-256 is the default Idempotency-Key, so the same file always
   * continues the same upload.
   */
  async uploadResumable(
    kind: RecordingKind,
    file: FileInput,
    options: ResumableUploadOptions = {},
  ): Promise<UploadSession> {
    const blob = toBlob(file);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const sha256 = await sha256Hex(bytes);
    const fileName =
      options.fileName ?? (blob instanceof File ? blob.name : `upload.${kind === 'eeg' ? 'txt' : 'wav'}`);
    let session = await this.#json<UploadSession>({
      method: 'POST',
      path: '/api/uploads',
      json: {
        kind,
        file_name: fileName,
        size_bytes: bytes.length,
        sha256,
        ...(options.label === undefined ? {} : { label: options.label }),
      },
      headers: { 'Idempotency-Key': options.idempotencyKey ?? `${kind}-${sha256}` },
      auth: 'auto',
      idempotent: true,
      signal: options.signal,
    });
    const partBytes = Math.min(options.partBytes ?? session.max_part_bytes, session.max_part_bytes);
    while (session.status === 'open' && session.received_bytes < bytes.length) {
      const offset = session.received_bytes;
      const part = bytes.subarray(offset, Math.min(bytes.length, offset + partBytes));
      try {
        session = await this.#json<UploadSession>({
          method: 'PUT',
          path: `/api/uploads/${enc(session.upload_id)}/parts`,
          query: { offset },
          body: () => part.slice(),
          contentType: 'application/octet-stream',
          auth: 'auto',
          idempotent: true,
          signal: options.signal,
        });
      } catch (error) {
        // Another attempt (or an earlier run) moved the upload on: continue where the server says.
        const expected = error instanceof ClisonixConflictError ? error.body.expected_offset : undefined;
        if (expected === undefined) throw error;
        session = { ...session, received_bytes: expected };
      }
      options.onProgress?.(session.received_bytes, bytes.length);
    }
    if (session.status === 'complete') return session;
    return this.#json<UploadSession>({
      method: 'POST',
      path: `/api/uploads/${enc(session.upload_id)}/complete`,
      auth: 'auto',
      idempotent: true,
      signal: options.signal,
    });
  }

  // ---- Brain engine ------------------------------------------------------------------------------------------

  async brainEnergyCheck(input: BrainInput): Promise<EnergyCheckResponse> {
    return this.#json(this.#brainCall('/api/brain/energy-check', input));
  }

  async brainHarmony(input: BrainInput): Promise<HarmonyResponse> {
    return this.#json(this.#brainCall('/api/brain/harmony', input));
  }

  async brainScanHarmonic(input: BrainInput): Promise<ScanHarmonicResponse> {
    return this.#json(this.#brainCall('/api/brain/scan-harmonic', input));
  }

  /** Binaural beats as WAV bytes; with a recording, tuned to the subject (ENGINE.md "Brainsync"). */
  async brainMusicBrainsync(input: BrainInput | null, mode: BrainsyncMode): Promise<Uint8Array> {
    const call = this.#brainCall('/api/brain/music/brainsync', input);
    return this.#bytes({ ...call, query: { ...call.query, mode } });
  }

  #brainCall(path: string, input: BrainInput | null): Call {
    const base = { method: 'POST', path, auth: 'auto', idempotent: true } as const;
    if (input === null) return base;
    if ('recordingId' in input) return { ...base, query: { recording_id: input.recordingId } };
    const blob = toBlob(input);
    return { ...base, body: () => multipart(blob, blob instanceof File ? blob.name : 'recording', {}) };
  }

  // ---- ALBA streams ------------------------------------------------------------------------------------------

  async albaStreamsStart(streamId: string | null, options: AlbaStartOptions): Promise<AlbaStream> {
    return this.#json({
      method: 'POST',
      path: '/api/alba/streams/start',
      json: {
        ...(streamId === null ? {} : { stream_id: streamId }),
        channels: options.channels,
        ...(options.sampleRate === undefined ? {} : { sample_rate: options.sampleRate }),
        ...(options.label === undefined ? {} : { label: options.label }),
      },
      auth: 'auto',
      idempotent: false,
    });
  }

  /**
   * Appends rows of samples (one value per channel, µV). With `firstSample` a retried append is recognised by
   * the server, so only then is it retried after a lost connection.
   */
  async albaStreamsAppend(
    streamId: string,
    samples: readonly (readonly number[])[],
    firstSample?: number,
  ): Promise<AlbaAppendResponse> {
    return this.#json({
      method: 'POST',
      path: `/api/alba/streams/${enc(streamId)}/data`,
      json: { samples, ...(firstSample === undefined ? {} : { first_sample: firstSample }) },
      auth: 'auto',
      idempotent: firstSample !== undefined,
    });
  }

  /** The latest `limit` rows of a stream. */
  async albaStreamsData(streamId: string, limit = 100): Promise<AlbaDataResponse> {
    return this.#json({
      method: 'GET',
      path: `/api/alba/streams/${enc(streamId)}/data`,
      query: { limit },
      auth: 'auto',
      idempotent: true,
    });
  }

  async albaStreamsStop(streamId: string): Promise<AlbaStream> {
    return this.#json({
      method: 'POST',
      path: `/api/alba/streams/${enc(streamId)}/stop`,
      auth: 'auto',
      idempotent: true,
    });
  }

  async albaStreamsList(): Promise<AlbaListResponse> {
    return this.#json({ method: 'GET', path: '/api/alba/streams', auth: 'auto', idempotent: true });
  }

  // ---- Transport ---------------------------------------------------------------------------------------------

  async #json<T>(call: Call): Promise<T> {
    const reply = await this.#send(call);
    return JSON.parse(new TextDecoder().decode(reply.bytes)) as T;
  }

  async #bytes(call: Call): Promise<Uint8Array> {
    return (await this.#send(call)).bytes;
  }

  /** Sends with credentials, refreshing the token ahead of expiry and once on token_expired. */
  async #send(call: Call): Promise<Reply> {
    if (call.auth === 'auto' && this.#mode === 'jwt' && this.#dueForRefresh()) await this.refresh();
    try {
      return await this.#withRetries(call);
    } catch (error) {
      const expired = error instanceof ClisonixAuthError && error.code === 'token_expired';
      if (!expired || call.auth !== 'auto' || this.#mode !== 'jwt' || !this.#tokens) throw error;
      await this.refresh();
      return this.#withRetries(call);
    }
  }

  #dueForRefresh(): boolean {
    const tokens = this.#tokens;
    if (!tokens) return false;
    const margin = Math.min(this.#refreshMarginMs, tokens.lifetimeMs / 2);
    return tokens.expiresAt - this.#now() <= margin;
  }

  async #withRetries(call: Call): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#attempt(call, attempt);
      if (!(outcome instanceof ClisonixError)) return outcome;
      const api = outcome instanceof ClisonixApiError ? outcome : null;
      const transient =
        outcome instanceof ClisonixNetworkError ||
        outcome instanceof ClisonixTimeoutError ||
        (api !== null && isRetryableStatus(api.status) && api.code !== 'engine_unavailable');
      const retryable = outcome instanceof ClisonixRateLimitError || (call.idempotent && transient);
      const retryAfterMs = api?.retryAfterMs ?? null;
      if (
        !retryable ||
        attempt >= this.#retry.maxRetries ||
        (retryAfterMs !== null && retryAfterMs > this.#retry.maxRetryAfterMs)
      ) {
        throw outcome;
      }
      await sleep(backoffMs(this.#retry, attempt, retryAfterMs, this.#random), call.signal);
    }
  }

  /** One attempt: the whole answer when it succeeded, else the error to throw or to retry on. */
  async #attempt(call: Call, attempt: number): Promise<Reply | ClisonixError> {
    const url = new URL(this.#baseUrl + call.path);
    for (const [k, v] of Object.entries(call.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { Accept: 'application/json', ...call.headers };
    if (call.auth === 'auto') {
      if (this.#mode === 'jwt' && this.#tokens) headers.Authorization = `Bearer ${this.#tokens.token}`;
      else if (this.#mode === 'api_key' && this.#apiKey !== null) headers['X-API-Key'] = this.#apiKey;
    }
    let body: RequestBody | undefined;
    if (call.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(call.json);
    } else if (call.body) {
      body = call.body();
      if (call.contentType !== undefined) headers['Content-Type'] = call.contentType;
    }

    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new ClisonixTimeoutError(`no answer within ${this.#timeoutMs} ms`)),
      this.#timeoutMs,
    );
    const onAbort = () => controller.abort(new ClisonixAbortError('aborted by the caller'));
    if (call.signal?.aborted) onAbort();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    const started = this.#now();
    const log = (status: number) =>
      this.#logger?.({
        method: call.method,
        path: call.path,
        status,
        durationMs: this.#now() - started,
        attempt,
      });
    try {
      const response = await this.#fetch(url, {
        method: call.method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: controller.signal,
      });
      // The body is read under the same timeout as the headers.
      const bytes = new Uint8Array(await response.arrayBuffer());
      log(response.status);
      if (response.ok) return { status: response.status, bytes };
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#now());
      let parsed: Partial<CloudErrorBody> | null = null;
      try {
        const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
        if (
          typeof value === 'object' &&
          value !== null &&
          'error' in value &&
          typeof value.error === 'string'
        ) {
          parsed = value as Partial<CloudErrorBody>;
        }
      } catch {
        parsed = null;
      }
      return apiErrorFor(response.status, parsed, retryAfterMs);
    } catch (error) {
      log(0);
      const reason: unknown = controller.signal.reason;
      if (controller.signal.aborted && reason instanceof ClisonixAbortError) throw reason;
      if (controller.signal.aborted && reason instanceof ClisonixTimeoutError) return reason;
      return new ClisonixNetworkError(
        `could not reach ${url.origin}: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
    }
  }

  #storeTokens(token: string, refreshToken: string, expiresInS: number): void {
    const lifetimeMs = expiresInS * 1000;
    this.#tokens = { token, refreshToken, expiresAt: this.#now() + lifetimeMs, lifetimeMs };
    this.#onTokens?.(this.#tokens);
  }

  #dropTokens(): void {
    if (this.#tokens === null) return;
    this.#tokens = null;
    if (this.#mode === 'jwt') this.#mode = this.#apiKey === null ? 'none' : 'api_key';
    this.#onTokens?.(null);
  }

  /** What a log or a debugger sees of the client: never a credential. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.#baseUrl, authMode: this.#mode };
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function toBlob(file: FileInput): Blob {
  if (file instanceof Blob) return file;
  return new Blob([file instanceof Uint8Array ? file.slice() : file]);
}

function multipart(blob: Blob, fileName: string, fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', blob, fileName);
  return form;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes.slice());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

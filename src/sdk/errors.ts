// Typed errors of the SDK. An API refusal carries the HTTP status, the server's machine word (`code`, e.g.
// 'token_expired') and body; its message starts with that word, as the seeds' examples expect
// (`error.message.includes('token_expired')`). No error ever carries a credential.
import type { CloudErrorBody, CloudErrorWord } from '../shared/cloud';

export class ClisonixError extends Error {
  override name = 'ClisonixError';
}

/** The server answered with an error status. */
export class ClisonixApiError extends ClisonixError {
  override name = 'ClisonixApiError';
  readonly status: number;
  /** The server's `error` word, or `http_<status>` when the body was not one of ours (e.g. a proxy's page). */
  readonly code: CloudErrorWord | `http_${number}`;
  readonly body: Partial<CloudErrorBody>;
  /** From Retry-After (429, 503), in ms. */
  readonly retryAfterMs: number | null;

  constructor(status: number, body: Partial<CloudErrorBody> | null, retryAfterMs: number | null) {
    const code = body?.error ?? (`http_${status}` as const);
    super(body?.message === undefined ? code : `${code}: ${body.message}`);
    this.status = status;
    this.code = code;
    this.body = body ?? {};
    this.retryAfterMs = retryAfterMs;
  }
}

/** 400, 413, 415: the request was malformed; `message` says what is wrong. */
export class ClisonixValidationError extends ClisonixApiError {
  override name = 'ClisonixValidationError';
}
/** 401: wrong credentials, expired or revoked token, unknown key. */
export class ClisonixAuthError extends ClisonixApiError {
  override name = 'ClisonixAuthError';
  /** For token_expired: when the token expired. */
  get expiresAt(): Date | null {
    return this.body.expires_at === undefined ? null : new Date(this.body.expires_at);
  }
}
/** 403. */
export class ClisonixPermissionError extends ClisonixApiError {
  override name = 'ClisonixPermissionError';
}
/** 404. */
export class ClisonixNotFoundError extends ClisonixApiError {
  override name = 'ClisonixNotFoundError';
}
/** 409: a duplicate, a stopped stream, an upload offset that moved (`body.expected_offset`). */
export class ClisonixConflictError extends ClisonixApiError {
  override name = 'ClisonixConflictError';
}
/** 429, after the retries the client allows. */
export class ClisonixRateLimitError extends ClisonixApiError {
  override name = 'ClisonixRateLimitError';
}
/** 5xx, after the retries the client allows. */
export class ClisonixServerError extends ClisonixApiError {
  override name = 'ClisonixServerError';
}

/** No answer within the timeout. */
export class ClisonixTimeoutError extends ClisonixError {
  override name = 'ClisonixTimeoutError';
}
/** The request could not be sent or the connection failed. */
export class ClisonixNetworkError extends ClisonixError {
  override name = 'ClisonixNetworkError';
}
/** The caller's AbortSignal fired. */
export class ClisonixAbortError extends ClisonixError {
  override name = 'ClisonixAbortError';
}

export function apiErrorFor(
  status: number,
  body: Partial<CloudErrorBody> | null,
  retryAfterMs: number | null,
): ClisonixApiError {
  const args = [status, body, retryAfterMs] as const;
  if (status === 401) return new ClisonixAuthError(...args);
  if (status === 403) return new ClisonixPermissionError(...args);
  if (status === 404) return new ClisonixNotFoundError(...args);
  if (status === 409) return new ClisonixConflictError(...args);
  if (status === 429) return new ClisonixRateLimitError(...args);
  if (status >= 500) return new ClisonixServerError(...args);
  if (status >= 400) return new ClisonixValidationError(...args);
  return new ClisonixApiError(...args);
}

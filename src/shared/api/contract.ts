// Building blocks of the UI <-> services contract. Every method takes one JSON object and resolves to JSON;
// sample data never travels here (see ../frames.ts).

export interface Method<Params extends object, Result> {
  readonly params: Params;
  readonly result: Result;
}

/** Parameters of a method that needs none. */
export type NoParams = Record<string, never>;

export type ApiErrorCode =
  | 'invalid_request'
  | 'unknown_method'
  | 'not_found'
  | 'conflict'
  | 'device_error'
  | 'permission_denied'
  | 'storage_error'
  | 'engine_error'
  | 'unavailable'
  | 'cancelled'
  | 'internal';

export interface ApiErrorBody {
  readonly code: ApiErrorCode;
  /** One sentence a lab technician can act on. */
  readonly message: string;
  /** Field-level problems of an invalid request: path -> what is wrong. */
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
}

/** What a failed call rejects with, in both transports. */
export class ApiError extends Error implements ApiErrorBody {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly issues?: ApiErrorBody['issues'];

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.code = body.code;
    if (body.issues) this.issues = body.issues;
  }

  toBody(): ApiErrorBody {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

/** Envelope of a call's outcome on the wire (IPC and WebSocket). */
export type CallOutcome<Result> =
  { readonly ok: true; readonly result: Result } | { readonly ok: false; readonly error: ApiErrorBody };

export type Unsubscribe = () => void;

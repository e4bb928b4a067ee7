// Every refusal the API makes, as one error type carrying its status, its JSON body and its headers.
import { CLOUD_ERROR, type CloudErrorBody } from '../../shared/cloud';

export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly statusCode: number,
    readonly body: CloudErrorBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body.message ?? body.error);
  }
}

export const invalidRequest = (message: string, statusCode = 400) =>
  new HttpError(statusCode, { error: CLOUD_ERROR.invalidRequest, message });

export const invalidCredentials = () =>
  new HttpError(401, { error: CLOUD_ERROR.invalidCredentials, message: 'Email or password is incorrect' });

export const authorizationRequired = () =>
  new HttpError(
    401,
    {
      error: CLOUD_ERROR.authorizationRequired,
      message: 'Send Authorization: Bearer <token> or X-API-Key: <api_key>',
    },
    { 'WWW-Authenticate': 'Bearer' },
  );

export const tokenExpired = (expiresAt: Date) =>
  new HttpError(
    401,
    {
      error: CLOUD_ERROR.tokenExpired,
      message: 'Token has expired. Please refresh.',
      expires_at: expiresAt.toISOString(),
    },
    { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token expired"' },
  );

export const invalidToken = (message = 'Token is invalid or has been revoked') =>
  new HttpError(
    401,
    { error: CLOUD_ERROR.invalidToken, message },
    { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  );

export const invalidApiKey = () => new HttpError(401, { error: CLOUD_ERROR.invalidApiKey });

export const invalidRefreshToken = (
  message = 'Refresh token is invalid, expired or revoked. Please log in again.',
) => new HttpError(401, { error: CLOUD_ERROR.invalidRefreshToken, message });

export const insufficientPermissions = (message: string) =>
  new HttpError(403, { error: CLOUD_ERROR.insufficientPermissions, message });

export const notFound = (message: string) => new HttpError(404, { error: CLOUD_ERROR.notFound, message });

export const conflict = (message: string, extra: Partial<CloudErrorBody> = {}) =>
  new HttpError(409, { error: CLOUD_ERROR.conflict, message, ...extra });

export const rateLimited = (
  retryAfterS: number,
  message = 'Too many requests; retry after the given delay',
) => {
  const seconds = Math.max(1, Math.ceil(retryAfterS));
  return new HttpError(
    429,
    { error: CLOUD_ERROR.rateLimited, message, retry_after_s: seconds },
    { 'Retry-After': String(seconds) },
  );
};

export const engineUnavailable = (what: string) =>
  new HttpError(503, {
    error: CLOUD_ERROR.engineUnavailable,
    message: `${what} is not available in this server build yet`,
  });

export const unavailable = (message: string) =>
  new HttpError(503, { error: CLOUD_ERROR.unavailable, message }, { 'Retry-After': '5' });

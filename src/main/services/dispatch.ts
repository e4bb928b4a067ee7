// The single door into the services for both transports: checks the method name, validates the params with zod,
// runs the handler and turns every failure into an ApiErrorBody a person can read. Nothing else calls handlers.
import type { z } from 'zod';
import {
  ApiError,
  type ApiErrorBody,
  type ApiMethods,
  type CallOutcome,
  type MethodName,
  type ParamsOf,
  type ResultOf,
} from '../../shared/api';
import { methodSchemas } from './schemas';

export type ApiHandlers = {
  readonly [M in MethodName]: (params: ParamsOf<M>) => Promise<ResultOf<M>> | ResultOf<M>;
};

function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methodSchemas, name);
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): ApiErrorBody['issues'] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(params)',
    message: issue.message,
  }));
}

export function invalidRequest(method: string, issues: NonNullable<ApiErrorBody['issues']>): ApiError {
  const first = issues[0];
  const where = first ? `${first.path}: ${first.message}` : 'malformed parameters';
  return new ApiError({
    code: 'invalid_request',
    message: `Invalid request to ${method} (${where})`,
    issues,
  });
}

export function toErrorBody(
  error: unknown,
  onInternalError: (error: unknown) => void = logInternalError,
): ApiErrorBody {
  if (error instanceof ApiError) return error.toBody();
  onInternalError(error);
  const reason = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Something went wrong inside Clisonix: ${reason}` };
}

function logInternalError(error: unknown): void {
  console.error('internal error in a service call:', error);
}

export function createDispatcher(
  handlers: ApiHandlers,
  onInternalError: (error: unknown) => void = logInternalError,
) {
  return async function dispatch(method: unknown, params: unknown): Promise<CallOutcome<unknown>> {
    try {
      if (!isMethodName(method)) {
        throw new ApiError({ code: 'unknown_method', message: `Unknown method ${JSON.stringify(method)}` });
      }
      const schema = methodSchemas[method] as z.ZodType<ApiMethods[typeof method]['params']>;
      const parsed = schema.safeParse(params ?? {});
      if (!parsed.success) throw invalidRequest(method, describeIssues(parsed.error.issues) ?? []);
      const handler = handlers[method] as (p: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error, onInternalError) };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

// openapi.yaml as a test oracle: which operations it declares, and whether a real response (status, media type
// and JSON body) is one the contract allows for that request.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

interface ResponseObject {
  readonly $ref?: string;
  readonly content?: Readonly<Record<string, { readonly schema?: unknown }>>;
}
interface Operation {
  readonly responses: Readonly<Record<string, ResponseObject>>;
}
interface Spec {
  readonly paths: Readonly<Record<string, Readonly<Partial<Record<(typeof METHODS)[number], Operation>>>>>;
}

export interface Contract {
  /** `METHOD /path/{param}` for every operation. */
  readonly operations: readonly string[];
  /** The operation (`METHOD /path/{param}`) a request goes to, or null when the contract has none. */
  match(method: string, url: string): string | null;
  /** Problems with this exchange; empty when the contract allows it. */
  check(method: string, url: string, status: number, contentType: string | null, body: unknown): string[];
}

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export function loadContract(): Contract {
  const spec = parse(readFileSync(path.join(ROOT, 'openapi.yaml'), 'utf8')) as Spec;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(spec, 'openapi');
  const templates = Object.keys(spec.paths)
    .map((template) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }))
    .sort((a, b) => a.params - b.params);
  const operations = Object.entries(spec.paths).flatMap(([template, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((m) => `${m.toUpperCase()} ${template}`),
  );

  const find = (method: string, url: string) => {
    const pathname = new URL(url, 'http://x').pathname;
    const m = method.toLowerCase() as (typeof METHODS)[number];
    const match = templates.find(
      (t) => t.pattern.test(pathname) && spec.paths[t.template]?.[m] !== undefined,
    );
    return { pathname, m, match };
  };

  return {
    operations,
    match(method, url) {
      const { match } = find(method, url);
      return match ? `${method.toUpperCase()} ${match.template}` : null;
    },
    check(method, url, status, contentType, body) {
      const { pathname, m, match } = find(method, url);
      if (!match) return [`${method} ${pathname} is not in openapi.yaml`];
      const operation = spec.paths[match.template]![m]!;
      let response = operation.responses[String(status)];
      let where = pointer('paths', match.template, m, 'responses', String(status));
      if (!response) return [`${method} ${match.template} does not document status ${status}`];
      if (response.$ref !== undefined) {
        where = response.$ref.slice(2);
        const name = response.$ref.split('/').pop()!;
        response = (spec as unknown as { components: { responses: Record<string, ResponseObject> } })
          .components.responses[name]!;
      }
      const mediaType = (contentType ?? '').split(';')[0]!.trim();
      const declared = Object.keys(response.content ?? {});
      if (declared.length === 0)
        return mediaType === '' ? [] : [`${status} declares no body, got ${mediaType}`];
      if (!declared.includes(mediaType)) {
        return [
          `${method} ${match.template} ${status} answers ${mediaType}, not one of ${declared.join(', ')}`,
        ];
      }
      if (mediaType !== 'application/json') return [];
      const validate = ajv.getSchema(`openapi#/${where}/${pointer('content', 'application/json', 'schema')}`);
      if (!validate) return [`no schema at ${where}`];
      if (validate(body)) return [];
      return (validate.errors ?? []).map(
        (e) =>
          `${method} ${match.template} ${status}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
      );
    },
  };
}

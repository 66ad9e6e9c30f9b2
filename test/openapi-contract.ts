// API contract checks against the OpenAPI document the app serves: every answer's status must be
// documented for its operation and its JSON body must match the documented schema (JSON Schema
// 2020-12, validated with Ajv); which operations a test touched is recorded, so a test can demand
// that it covered all of them. Also generates invalid request bodies from a valid one: mutations of
// every field (wrong type, missing, unknown, oversized, prototype keys) that the documented request
// schema itself rejects.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = Record<string, unknown>;
type OperationObject = {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: SchemaObject }>;
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  responses: Record<string, { content?: Record<string, { schema?: SchemaObject }> }>;
};
export type OpenApiDocument = { paths: Record<string, Record<string, OperationObject>>; components?: Record<string, unknown> };

const SPEC_ID = 'openapi.json';
// ajv-formats is published as CommonJS with a default export.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => void;

/** Points local references (#/components/...) at the registered document. */
function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, key === '$ref' && typeof inner === 'string' && inner.startsWith('#/') ? `${SPEC_ID}${inner}` : rebase(inner)]),
    );
  }
  return value;
}

type Operation = { key: string; method: string; path: string; pattern: RegExp; operation: OperationObject };

export class OpenApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly operations: Operation[];
  private readonly validators = new Map<string, ValidateFunction>();
  readonly covered = new Set<string>();

  private readonly spec: OpenApiDocument;

  constructor(spec: OpenApiDocument, prefix: string) {
    this.spec = spec;
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: SPEC_ID, components: rebase(spec.components ?? {}) });
    this.operations = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith(prefix))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
          operation,
        })),
      );
  }

  /** "METHOD /path/{param}" of every operation under the prefix. */
  get operationKeys(): string[] {
    return this.operations.map((o) => o.key);
  }

  private find(method: string, url: string): Operation | undefined {
    const path = url.split('?')[0] ?? url;
    return this.operations.find((o) => o.method === method && o.pattern.test(path));
  }

  private validator(cacheKey: string, schema: SchemaObject): ValidateFunction {
    let validate = this.validators.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema) as SchemaObject);
      this.validators.set(cacheKey, validate);
    }
    return validate;
  }

  /**
   * The ways an answer breaks the contract (empty when it keeps it): an undocumented operation or
   * status, or a JSON body the documented schema rejects.
   */
  violations(method: string, url: string, res: LightMyRequestResponse): string[] {
    const found = this.find(method, url);
    if (!found) return [`${method} ${url}: not in the OpenAPI document`];
    this.covered.add(found.key);
    const response = found.operation.responses[String(res.statusCode)];
    if (!response) return [`${found.key}: status ${String(res.statusCode)} is not documented (${res.body.slice(0, 200)})`];
    const type = String(res.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    if (!type.endsWith('json') || res.body === '') return [];
    const schema = response.content?.['application/json']?.schema ?? response.content?.[type]?.schema;
    if (!schema) return [`${found.key} ${String(res.statusCode)}: answers ${type}, the document names no JSON schema`];
    const validate = this.validator(`${found.key} ${String(res.statusCode)}`, schema);
    if (validate(res.json())) return [];
    return (validate.errors ?? []).map((e) => `${found.key} ${String(res.statusCode)}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  /** Every operation under the prefix: method, path template and JSON request schema if any. */
  get allOperations(): Array<{ method: string; path: string; schema: SchemaObject | null; query: Array<{ name: string; schema: SchemaObject }>; optionalQuery: string[] }> {
    return this.operations.map((o) => ({
      method: o.method,
      path: o.path,
      schema: o.operation.requestBody?.content?.['application/json']?.schema ?? null,
      query: (o.operation.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => ({ name: p.name, schema: p.schema ?? {} })),
      optionalQuery: (o.operation.parameters ?? []).filter((p) => p.in === 'query' && !p.required).map((p) => p.name),
    }));
  }

  /** Operations under the prefix that take a JSON body: method, path template and schema. */
  get jsonBodyOperations(): Array<{ method: string; path: string; schema: SchemaObject }> {
    return this.operations.flatMap((o) => {
      const schema = o.operation.requestBody?.content?.['application/json']?.schema;
      return schema ? [{ method: o.method, path: o.path, schema }] : [];
    });
  }

  /** A schema with its local reference resolved (one level), and the properties of an object schema or of its alternatives. */
  propertiesOf(schema: SchemaObject): Record<string, SchemaObject> {
    const resolve = (s: SchemaObject) => this.resolveRef(s);
    const top = resolve(schema);
    const alternatives = [top, ...(['anyOf', 'oneOf', 'allOf'] as const).flatMap((k) => (Array.isArray(top[k]) ? (top[k] as SchemaObject[]).map(resolve) : []))];
    return Object.assign({}, ...alternatives.map((a) => (a.properties ?? {}) as Record<string, SchemaObject>)) as Record<string, SchemaObject>;
  }

  private resolveRef(s: SchemaObject): SchemaObject {
    const ref = s.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return s;
    let node: unknown = this.spec;
    for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    return this.resolveRef((node ?? {}) as SchemaObject);
  }

  /**
   * A plausible body for a schema: required properties only, the first enum value or constant, a
   * date, e-mail or UUID by format, minimum lengths and sizes. Patterns are not followed, so check
   * the result with `acceptsRequest` before relying on it.
   */
  sampleOf(schema: SchemaObject, depth = 0): Json {
    const s = this.resolveRef(schema);
    if (depth > 8) return null;
    const first = (['anyOf', 'oneOf'] as const).map((k) => s[k]).find(Array.isArray) as SchemaObject[] | undefined;
    if (first?.[0]) return this.sampleOf(first.find((x) => this.resolveRef(x).type !== 'null') ?? first[0], depth + 1);
    if ('const' in s) return s.const as Json;
    if (Array.isArray(s.enum)) return s.enum[0] as Json;
    const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string | undefined);
    if (type === 'object' || s.properties) {
      const properties = (s.properties ?? {}) as Record<string, SchemaObject>;
      const required = Array.isArray(s.required) ? (s.required as string[]) : [];
      return Object.fromEntries(required.map((name) => [name, this.sampleOf(properties[name] ?? {}, depth + 1)]));
    }
    if (type === 'array') return Array.from({ length: Number(s.minItems ?? 0) || 1 }, () => this.sampleOf((s.items ?? {}) as SchemaObject, depth + 1));
    if (type === 'integer' || type === 'number') return typeof s.minimum === 'number' ? s.minimum : 1;
    if (type === 'boolean') return true;
    if (type === 'string') {
      const format = s.format;
      if (format === 'date') return '2026-05-04';
      if (format === 'date-time') return '2026-05-04T08:00:00Z';
      if (format === 'email') return 'probe@example.com';
      if (format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      return 'x'.repeat(Math.max(1, Number(s.minLength ?? 1)));
    }
    return null;
  }

  /** Whether the documented JSON request schema of the operation accepts the body. */
  acceptsRequest(method: string, url: string, body: unknown): boolean {
    const found = this.find(method, url);
    const schema = found?.operation.requestBody?.content?.['application/json']?.schema;
    if (!found || !schema) throw new Error(`${method} ${url}: no JSON request body documented`);
    return this.validator(`${found.key} request`, schema)(body);
  }
}

/** Sets the value at `path` in a deep copy of `value` (undefined deletes the key). */
function replaced(value: Json, path: Array<string | number>, next: Json | undefined): Json {
  if (path.length === 0) return next ?? null;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaced(item, rest, next) : item)).filter((_, i) => !(i === head && rest.length === 0 && next === undefined));
  if (value && typeof value === 'object') {
    const copy: Record<string, Json> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key !== head) copy[key] = inner;
      else if (rest.length > 0) copy[key] = replaced(inner, rest, next);
      else if (next !== undefined) copy[key] = next;
    }
    return copy;
  }
  return value;
}

function otherTypes(value: Json): Json[] {
  if (typeof value === 'string') return [12345, true, ['x'], { value }];
  if (typeof value === 'number') return [String(value), -1e308, 1.5e300, true];
  if (typeof value === 'boolean') return ['true', 1];
  if (Array.isArray(value)) return [{ 0: value[0] ?? null }, 'list', []];
  if (value && typeof value === 'object') return [[value], 'object', 7];
  return ['null'];
}

export type Mutation = { label: string; body: Json };

/**
 * Mutations of a valid body, field by field: another type, null, a 100,000-character string, the
 * field removed, an unknown field beside it, a `__proto__` key, the container emptied. The caller
 * keeps those its schema rejects (or accepts) with `OpenApiContract.acceptsRequest`.
 */
export function mutationsOf(valid: Json, options: { maxDepth?: number } = {}): Mutation[] {
  const out: Mutation[] = [];
  const walk = (value: Json, path: Array<string | number>) => {
    const at = path.length === 0 ? '(body)' : path.join('.');
    if (path.length > 0) {
      for (const other of otherTypes(value)) out.push({ label: `${at} as ${JSON.stringify(other).slice(0, 20)}`, body: replaced(valid, path, other) });
      out.push({ label: `${at} null`, body: replaced(valid, path, null) });
      out.push({ label: `${at} removed`, body: replaced(valid, path, undefined) });
      if (typeof value === 'string') {
        out.push({ label: `${at} 100,000 characters`, body: replaced(valid, path, 'x'.repeat(100_000)) });
        out.push({ label: `${at} control characters`, body: replaced(valid, path, '\u0000\u001b[31m<script>alert(1)</script>') });
      }
    }
    if (path.length >= (options.maxDepth ?? 4)) return;
    if (Array.isArray(value)) {
      value.slice(0, 1).forEach((item, i) => walk(item, [...path, i]));
    } else if (value && typeof value === 'object') {
      out.push({ label: `${at} unknown field`, body: replaced(valid, path, { ...value, unexpectedField: 'x' }) });
      // JSON.parse makes "__proto__" an own key, as a client's raw JSON would.
      const rest = JSON.stringify(value).slice(1);
      out.push({ label: `${at} __proto__`, body: replaced(valid, path, JSON.parse(`{"__proto__":{"polluted":true}${rest === '}' ? '' : ','}${rest}`) as Json) });
      for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
    }
  };
  walk(valid, []);
  return out;
}

/**
 * Bad bodies for an operation without a valid one to start from: other JSON types for the body,
 * prototype and unknown keys, and each documented property alone with a value of another type or
 * of 100,000 characters. The caller keeps those the schema refuses.
 */
export function badBodiesFor(properties: Record<string, SchemaObject>): Mutation[] {
  const out: Mutation[] = [
    { label: 'null', body: null },
    { label: 'array', body: [] },
    { label: 'string', body: 'text' },
    { label: 'number', body: 42 },
    { label: 'unknown field', body: { unexpectedField: 1 } },
    { label: '__proto__', body: JSON.parse('{"__proto__":{"polluted":true}}') as Json },
  ];
  for (const [name, schema] of Object.entries(properties)) {
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    const wrong: Json[] = type === 'string' ? [123, 'x'.repeat(100_000), ['x']] : type === 'number' || type === 'integer' ? ['1', 1e308, -1e308] : type === 'boolean' ? ['true', 0] : type === 'array' ? [{}, 'x'] : [[], 'x', 7];
    for (const value of wrong) out.push({ label: `${name} as ${JSON.stringify(value).slice(0, 20)}`, body: { [name]: value } });
  }
  return out;
}

import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type {
  Operation,
  Parameter,
  PathItem,
  ResponseObject,
} from '../../../src/http/openapi/openApiTypes.js';
import { openApiDocument } from '../../../src/http/openapi/openApiDocument.js';

/** One request and its answer, as the checks need them. */
export interface Exchange {
  readonly method: string;
  readonly url: URL;
  readonly status: number;
  readonly headers: Headers;
  /** The body's text when the answer is JSON (other bodies are not read). */
  readonly jsonText?: string;
}

const DOCUMENT_ID = 'payledger-openapi';
const document = openApiDocument as unknown as {
  readonly paths: Readonly<Record<string, PathItem>>;
  readonly components: { readonly responses: Readonly<Record<string, ResponseObject>> };
};

/** JSON Pointer escaping (RFC 6901) of one reference token. */
const escapePointer = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');

function createAjv(coerceTypes: boolean) {
  const ajv = new Ajv2020.default({ strict: true, allowUnionTypes: true, coerceTypes });
  addFormats.default(ajv);
  // The document's own fields, so the whole of it can be registered and pointed into.
  for (const keyword of ['openapi', 'info', 'tags', 'paths', 'components']) ajv.addKeyword(keyword);
  ajv.addSchema(openApiDocument, DOCUMENT_ID);
  return ajv;
}

const bodies = createAjv(false);
const parameters = createAjv(true);
const validators = new Map<string, ValidateFunction>();

/** A validator for the schema at `pointer` inside the document (refs resolve in the document). */
function schemaAt(pointer: string, coerce = false): ValidateFunction {
  const key = `${coerce ? 'coerce' : 'exact'} ${pointer}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = coerce
      ? parameters.compile({
          type: 'object',
          properties: { value: { $ref: `${DOCUMENT_ID}#${pointer}` } },
        })
      : bodies.getSchema(`${DOCUMENT_ID}#${pointer}`);
    if (!validate) throw new Error(`no schema at ${pointer} in the OpenAPI document`);
    validators.set(key, validate);
  }
  return validate;
}

function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''}`)
    .join('; ');
}

/** Validates `value` against a named component schema; returns the problems (none when valid). */
export function checkAgainstSchema(name: string, value: unknown): string[] {
  const validate = schemaAt(`/components/schemas/${escapePointer(name)}`);
  return validate(value) ? [] : [`not a ${name}: ${describeErrors(validate)}`];
}

interface MatchedPath {
  readonly template: string;
  readonly params: Record<string, string>;
}

/** Whether a template's last parameter takes the rest of the path (`x-payledger-greedy`). */
function isGreedy(template: string): boolean {
  const name = /\{(\w+)\}$/.exec(template)?.[1];
  if (name === undefined) return false;
  return Object.values(document.paths[template] ?? {}).some((operation: Operation) =>
    (operation.parameters ?? []).some(
      (parameter) => parameter.name === name && parameter['x-payledger-greedy'] === true,
    ),
  );
}

/** The described path a URL path falls under; concrete segments win over templated ones. */
export function matchPath(pathname: string): MatchedPath | undefined {
  const segments = pathname.split('/');
  let best: (MatchedPath & { literals: number }) | undefined;
  for (const template of Object.keys(document.paths)) {
    const parts = template.split('/');
    const greedy = isGreedy(template);
    if (greedy ? segments.length < parts.length : parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const fits = parts.every((part, index) => {
      const segment = segments[index] ?? '';
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (name === undefined) {
        literals += 1;
        return part === segment;
      }
      if (greedy && index === parts.length - 1) {
        params[name] = decodeURIComponent(segments.slice(index).join('/'));
        return true;
      }
      if (segment === '') return false;
      params[name] = decodeURIComponent(segment);
      return true;
    });
    if (fits && (!best || literals > best.literals)) best = { template, params, literals };
  }
  return best && { template: best.template, params: best.params };
}

const mediaTypeOf = (contentType: string | null) =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

const isJsonMediaType = (mediaType: string) =>
  mediaType === 'application/json' || mediaType.endsWith('+json');

/** Whether an answer's body is JSON, i.e. whether the checks need its text. */
export const isJsonAnswer = (headers: Headers) =>
  isJsonMediaType(mediaTypeOf(headers.get('content-type')));

function checkResponse(exchange: Exchange, response: ResponseObject, pointer: string): string[] {
  const problems: string[] = [];
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (header.required && !exchange.headers.has(name)) problems.push(`no ${name} header`);
  }
  const mediaType = mediaTypeOf(exchange.headers.get('content-type'));
  const content = response.content;
  if (!content) {
    if (mediaType !== '') problems.push(`a ${mediaType} body where none is described`);
    return problems;
  }
  const described = Object.keys(content).find((key) => mediaTypeOf(key) === mediaType);
  if (described === undefined) {
    problems.push(
      `content type "${mediaType || '(none)'}" is not one of ${Object.keys(content).join(', ')}`,
    );
    return problems;
  }
  if (!isJsonMediaType(mediaType)) return problems;
  let body: unknown;
  try {
    body = JSON.parse(exchange.jsonText ?? '');
  } catch {
    return [...problems, 'the body is not JSON'];
  }
  const validate = schemaAt(`${pointer}/content/${escapePointer(described)}/schema`);
  if (!validate(body)) problems.push(`the body does not fit: ${describeErrors(validate)}`);
  return problems;
}

/** A request the answer accepted may only use described parameters, with described values. */
function checkAcceptedRequest(
  exchange: Exchange,
  operation: Operation,
  pointer: string,
  pathParams: Record<string, string>,
): string[] {
  const problems: string[] = [];
  const declared = operation.parameters ?? [];
  const check = (parameter: Parameter, value: unknown) => {
    const index = declared.indexOf(parameter);
    const validate = schemaAt(`${pointer}/parameters/${index}/schema`, true);
    if (!validate({ value }))
      problems.push(`${parameter.in} parameter ${parameter.name}: ${describeErrors(validate)}`);
  };
  // A free-form object parameter (form style, exploded: OpenAPI's default for a query) takes
  // every query parameter not described on its own.
  const freeForm = declared.find((p) => p.in === 'query' && p.schema['type'] === 'object');
  const rest: Record<string, string> = {};
  for (const name of new Set(exchange.url.searchParams.keys())) {
    const parameter = declared.find((p) => p.in === 'query' && p.name === name);
    const values = exchange.url.searchParams.getAll(name);
    if (parameter) check(parameter, values.length === 1 ? values[0] : values);
    else if (freeForm) rest[name] = values.join(',');
    else problems.push(`query parameter ${name} is not described`);
  }
  if (freeForm && Object.keys(rest).length > 0) check(freeForm, rest);
  for (const [name, value] of Object.entries(pathParams)) {
    const parameter = declared.find((p) => p.in === 'path' && p.name === name);
    if (!parameter) problems.push(`path parameter ${name} is not described`);
    else check(parameter, value);
  }
  return problems;
}

/**
 * Everything in which an answer departs from the OpenAPI document: a path or status it does not
 * describe, a missing required header, another content type, a JSON body that does not fit the
 * schema, and, for an answer that accepted the request (2xx), a query parameter or value it
 * does not describe. An empty list means the answer is described exactly.
 */
export function checkExchange(exchange: Exchange): string[] {
  const method = exchange.method.toLowerCase();
  const matched = matchPath(exchange.url.pathname);
  const operation =
    matched && (document.paths[matched.template] as Record<string, Operation>)[method];
  if (!matched || !operation) {
    // Outside the described operations only the unmatched-route answers may come back.
    const name =
      exchange.status === 404
        ? 'NotFound'
        : exchange.status === 405 && matched
          ? 'MethodNotAllowed'
          : undefined;
    const response = name && document.components.responses[name];
    if (!name || !response) {
      const what = matched ? `${method.toUpperCase()} on ${matched.template}` : 'the path';
      return [`${what} is not described, yet it answered ${exchange.status}`];
    }
    return checkResponse(exchange, response, `/components/responses/${name}`);
  }
  const pointer = `/paths/${escapePointer(matched.template)}/${method}`;
  const response = operation.responses[String(exchange.status)];
  if (!response)
    return [
      `status ${exchange.status} is not described for ${method.toUpperCase()} ${matched.template}`,
    ];
  const problems = checkResponse(exchange, response, `${pointer}/responses/${exchange.status}`);
  if (exchange.status >= 200 && exchange.status < 300)
    problems.push(...checkAcceptedRequest(exchange, operation, pointer, matched.params));
  return problems;
}

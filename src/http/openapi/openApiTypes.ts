import type { Role } from '../../config/config.js';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) or a `$ref` to one. */
export type Schema = Readonly<Record<string, unknown>>;

export interface MediaType {
  readonly schema: Schema;
}

export interface ResponseObject {
  readonly description: string;
  readonly headers?: Readonly<Record<string, { readonly required?: boolean } & Schema>>;
  /** Keyed by media type; absent when the answer has no body. */
  readonly content?: Readonly<Record<string, MediaType>>;
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly description: string;
  readonly schema: Schema;
  /**
   * A last path parameter that takes the rest of the path, slashes included (an OpenAPI template
   * matches one segment; `/console/{path}` serves `/console/assets/x.js` too).
   */
  readonly 'x-payledger-greedy'?: boolean;
}

export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: {
    readonly required: boolean;
    readonly description: string;
    readonly content: Readonly<Record<string, MediaType>>;
  };
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
  /** The roles whose tokens the operation accepts; absent for operations without a token. */
  readonly 'x-payledger-roles'?: readonly Role[];
  readonly responses: Readonly<Record<string, ResponseObject>>;
}

export type PathItem = Readonly<Partial<Record<'get' | 'post', Operation>>>;

export type Paths = Readonly<Record<string, PathItem>>;

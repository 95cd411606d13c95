import type { JsonValue } from '../domain/paymentEvent.js';
import { isExactJsonNumber } from './exactNumber.js';

export type DecodedBody =
  | { readonly ok: true; readonly value: JsonValue; readonly text: string }
  | { readonly ok: false; readonly reason: string; readonly text: string | null };

/** Deeper than any gateway's payload; keeps pathological nesting off the JSON parser. */
export const MAX_JSON_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a verified body: strict UTF-8 (`Buffer#toString` would silently replace bad bytes with
 * U+FFFD and so change what was signed), no BOM, bounded depth, no duplicate keys (parsers
 * disagree on which duplicate wins, so such a payload has no single meaning) and no number
 * written more precisely than a double holds (JSON.parse would round `100.000000000000000001`
 * to `100`; a decimal parser would not), then JSON.parse. Every number of the value therefore
 * means exactly what its text says, and `String(number)` gives that text's value back.
 */
export function decodeJsonBody(rawBody: Buffer): DecodedBody {
  let text: string;
  try {
    text = utf8.decode(rawBody);
  } catch {
    return { ok: false, reason: 'body is not valid UTF-8', text: null };
  }
  if (text.startsWith('\uFEFF'))
    return { ok: false, reason: 'body starts with a byte order mark', text };
  const structural = scanStructure(text);
  if (structural) return { ok: false, reason: structural, text };
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue, text };
  } catch (error) {
    return { ok: false, reason: `body is not JSON: ${(error as Error).message}`, text };
  }
}

/**
 * One pass over the text, outside strings, tracking nesting depth and the keys of each open
 * object and reading every number literal. Returns a reason when the structure is unacceptable;
 * malformed JSON is left for JSON.parse to reject with its own message.
 */
function scanStructure(text: string): string | undefined {
  const keysOfOpenObjects: (Set<string> | null)[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      const end = endOfString(text, index);
      if (end < 0) return undefined;
      const keys = keysOfOpenObjects.at(-1);
      if (keys && nextNonSpace(text, end + 1) === ':') {
        const key = decodeStringLiteral(text.slice(index, end + 1));
        if (key === undefined) return undefined;
        if (keys.has(key)) return `duplicate key "${key}"`;
        keys.add(key);
      }
      index = end + 1;
      continue;
    }
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      const end = endOfNumber(text, index);
      const literal = text.slice(index, end);
      if (isExactJsonNumber(literal) === false)
        return `number ${literal.length > 40 ? `${literal.slice(0, 40)}…` : literal} is more precise than a double; it would be rounded`;
      index = end;
      continue;
    }
    if (char === '{' || char === '[') {
      keysOfOpenObjects.push(char === '{' ? new Set() : null);
      if (keysOfOpenObjects.length > MAX_JSON_DEPTH) return `nesting deeper than ${MAX_JSON_DEPTH}`;
    } else if (char === '}' || char === ']') {
      keysOfOpenObjects.pop();
    }
    index += 1;
  }
  return undefined;
}

/** Index of the quote closing the string opened at `start`, or -1; jumps quote to quote. */
function endOfString(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote >= 0) {
    let backslashes = 0;
    while (text[quote - 1 - backslashes] === '\\') backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

const NUMBER_CHARS = /[-+.eE0-9]/;

function endOfNumber(text: string, start: number): number {
  let end = start + 1;
  while (end < text.length && NUMBER_CHARS.test(text[end] ?? '')) end += 1;
  return end;
}

function nextNonSpace(text: string, from: number): string | undefined {
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (char !== ' ' && char !== '\n' && char !== '\r' && char !== '\t') return char;
  }
  return undefined;
}

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NEEDS_PARSING = /[\\\u0000-\u001f]/;

function decodeStringLiteral(literal: string): string | undefined {
  // A literal without escapes or control characters means exactly its characters.
  if (!NEEDS_PARSING.test(literal)) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

import type { JsonValue } from '../domain/paymentEvent.js';

export type DecodedBody =
  | { readonly ok: true; readonly value: JsonValue; readonly text: string }
  | { readonly ok: false; readonly reason: string; readonly text: string | null };

/** Deeper than any gateway's payload; keeps pathological nesting off the JSON parser. */
export const MAX_JSON_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a verified body: strict UTF-8 (`Buffer#toString` would silently replace bad bytes with
 * U+FFFD and so change what was signed), no BOM, bounded depth and no duplicate keys (parsers
 * disagree on which duplicate wins, so such a payload has no single meaning), then JSON.parse.
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
 * object. Returns a reason when the structure is unacceptable; malformed JSON is left for
 * JSON.parse to reject with its own message.
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

function endOfString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') index += 1;
    else if (char === '"') return index;
  }
  return -1;
}

function nextNonSpace(text: string, from: number): string | undefined {
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (char !== ' ' && char !== '\n' && char !== '\r' && char !== '\t') return char;
  }
  return undefined;
}

function decodeStringLiteral(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

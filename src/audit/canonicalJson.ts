import type { JsonValue } from '../domain/paymentEvent.js';

/**
 * The one text of a JSON value that hashing relies on: object keys sorted by UTF-16 code units,
 * no whitespace, strings and numbers as `JSON.stringify` writes them. For the values JSON can
 * hold this is RFC 8785 (JCS), so anyone can recompute a hash with a JCS library. Two stores that
 * serialize the same value differently (key order, spacing) still give the same text.
 */
export function canonicalJson(value: JsonValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON value`);
    return JSON.stringify(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) text += ',';
      text += canonicalJson(value[i] as JsonValue);
    }
    return `${text}]`;
  }
  if (typeof value !== 'object') {
    throw new TypeError(`canonicalJson: a ${typeof value} is not a JSON value`);
  }
  const keys = Object.keys(value).sort();
  let text = '{';
  for (const key of keys) {
    const member = value[key];
    if (member === undefined) continue;
    if (text.length > 1) text += ',';
    text += quotedKey(key) + canonicalJson(member);
  }
  return `${text}}`;
}

/** Object keys repeat across events (`amount`, `currency`, …): quote each once. */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

import type { JsonValue } from '../../domain/paymentEvent.js';

/** The string at `path` inside a JSON value, read without validating anything else. */
export function stringAt(value: JsonValue, ...path: readonly string[]): string | null {
  let current: JsonValue | undefined = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return null;
    current = Object.hasOwn(current, key) ? current[key] : undefined;
  }
  return typeof current === 'string' ? current : null;
}

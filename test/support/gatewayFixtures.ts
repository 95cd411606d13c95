import { readFileSync } from 'node:fs';
import type { JsonValue } from '../../src/domain/paymentEvent.js';

/** A sample payload under test/fixtures/<gateway>/<name>.json: its exact bytes and parsed JSON. */
export function loadFixture(
  gateway: string,
  name: string,
): { readonly rawBody: Buffer; readonly json: JsonValue } {
  const rawBody = readFileSync(new URL(`../fixtures/${gateway}/${name}.json`, import.meta.url));
  return { rawBody, json: JSON.parse(rawBody.toString('utf8')) as JsonValue };
}

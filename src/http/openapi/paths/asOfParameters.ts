import { queryParameter } from '../openApiHelpers.js';
import type { Parameter } from '../openApiTypes.js';

/** `?asOf=&effective=` of a payment or an order read (400 `invalid_as_of` when malformed). */
export const asOfParameters: readonly Parameter[] = [
  queryParameter(
    'asOf',
    'The moment to answer for: an ISO 8601 time with its offset (`Z` or `±hh:mm`). Counts the events recorded at or before it.',
    { type: 'string', format: 'date-time' },
  ),
  queryParameter(
    'effective',
    'With `asOf`: `true` counts the events the gateway dates (`occurredAt`) at or before the moment instead, including those that reached payledger later.',
    { type: 'string', enum: ['true', 'false'] },
  ),
];

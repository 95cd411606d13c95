import { queryParameter, ref } from '../openApiHelpers.js';
import type { Parameter } from '../openApiTypes.js';

/** `?from=&to=&limit=&cursor=` of a read-model listing, newest `lastEventAt` first. */
export const listPageParameters: readonly Parameter[] = [
  queryParameter(
    'from',
    'Inclusive lower bound on `lastEventAt` (ISO date or time).',
    ref('TimeBound'),
  ),
  queryParameter('to', 'Inclusive upper bound on `lastEventAt`.', ref('TimeBound')),
  queryParameter('limit', 'Page size.', {
    type: 'integer',
    minimum: 1,
    maximum: 500,
    default: 50,
  }),
  queryParameter('cursor', 'The previous page’s `nextCursor`.', {
    type: 'string',
    minLength: 1,
  }),
];

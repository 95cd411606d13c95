import { errorResponses } from './openApiHelpers.js';
import type { Paths } from './openApiTypes.js';
import { auditPaths } from './paths/auditPaths.js';
import { consolePaths } from './paths/consolePaths.js';
import { orderPaths } from './paths/orderPaths.js';
import { paymentPaths } from './paths/paymentPaths.js';
import { quarantinePaths } from './paths/quarantinePaths.js';
import { servicePaths } from './paths/servicePaths.js';
import { webhookPaths } from './paths/webhookPaths.js';
import { auditSchemas } from './schemas/auditSchemas.js';
import { commonSchemas } from './schemas/commonSchemas.js';
import { historySchemas } from './schemas/historySchemas.js';
import { readModelSchemas } from './schemas/readModelSchemas.js';
import { serviceSchemas } from './schemas/serviceSchemas.js';

const DESCRIPTION = `payledger receives payment-gateway webhooks, verifies each signature on the raw bytes, and appends one canonical, immutable, hash-chained event per delivery to the stream of its payment; projections turn the log into payment, order and daily-total read models.

**Authentication.** Read endpoints need \`Authorization: Bearer <token>\` with a token from \`API_KEYS\`. Each operation's \`x-payledger-roles\` lists the roles it accepts: another role answers 403 \`forbidden\`, a missing or unknown token 401 \`unauthorized\`; an address that presented 10 unknown tokens answers 429 \`too_many_attempts\` until it regains attempts (10 a minute).

**Errors.** Every error answer is JSON \`{ "error": "<code>", "message": "<text>" }\` (schema \`Error\`); 429 and 503 carry \`Retry-After\`. A path described nowhere here answers 404 \`not_found\` (response \`NotFound\`); a method other than POST on \`/webhooks/{gateway}\`, or other than GET under \`/console\`, answers 405 \`method_not_allowed\` with \`Allow\` (response \`MethodNotAllowed\`), and any other undescribed method 404 \`not_found\`.

**Correlation.** Every answer carries \`X-Correlation-Id\` (the caller's when well-formed), which also appears in the stored event's metadata and in the log.

**Money** is always integer minor units with an ISO 4217 currency; times are ISO 8601, UTC.`;

const paths: Paths = {
  ...webhookPaths,
  ...paymentPaths,
  ...orderPaths,
  ...auditPaths,
  ...quarantinePaths,
  ...consolePaths,
  ...servicePaths,
};

const [notFound, methodNotAllowed] = [
  errorResponses(['not_found'])['404'],
  errorResponses(['method_not_allowed'])['405'],
];

/** The OpenAPI 3.1 description served at `GET /openapi.json`, built once. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'payledger',
    version: '1.0.0',
    summary: 'Payment-webhook ledger: verified webhooks in, tamper-evident history out.',
    description: DESCRIPTION,
    license: { name: 'MIT', identifier: 'MIT' },
  },
  tags: [
    { name: 'webhooks', description: 'Deliveries from the gateways.' },
    { name: 'payments', description: 'The payments read model and each payment’s history.' },
    { name: 'orders', description: 'Orders, through their payments.' },
    { name: 'reports', description: 'Aggregates for analysts.' },
    { name: 'audit', description: 'Digests, exports and histories for auditors.' },
    { name: 'quarantine', description: 'Kept deliveries and their re-runs, for admins.' },
    { name: 'console', description: 'The web console and what it asks of the API.' },
    { name: 'service', description: 'Health, readiness, metrics and this description.' },
  ],
  paths,
  components: {
    schemas: {
      ...commonSchemas,
      ...readModelSchemas,
      ...historySchemas,
      ...auditSchemas,
      ...serviceSchemas,
    },
    responses: {
      NotFound: { ...notFound, description: 'Nothing is served at this path (`not_found`).' },
      MethodNotAllowed: {
        ...methodNotAllowed,
        description:
          'A method the path does not take (`/webhooks/{gateway}`, `/console`): `Allow` names those it does.',
      },
    },
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description: 'A token from `API_KEYS` (`role:token` pairs).',
      },
    },
  },
} as const;

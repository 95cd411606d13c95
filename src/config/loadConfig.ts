import { z } from 'zod';
import { decodeStandardWebhookSecret } from '../webhooks/gateways/generic/standardWebhookSecret.js';
import { EVENTSTORE_DB_DEFAULT_MAX_APPEND_BYTES } from '../eventStore/appendSizeLimit.js';
import { resolveBodySizeLimits } from './bodySizeLimits.js';
import type { Config, Role } from './config.js';
import { ConfigError } from './configError.js';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/** Comma-separated secrets; several mean rotation (any may match). Whitespace is never part of one. */
const secretList = optionalText.transform((value) =>
  (value ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret !== ''),
);

const integer = (fallback: number, min: number, max: number) =>
  optionalText
    .pipe(z.string().regex(/^\d+$/, 'must be a whole number').optional())
    .transform((value) => (value === undefined ? fallback : Number(value)))
    .pipe(z.number().min(min).max(max));

const optionalInteger = (min: number, max: number) =>
  optionalText
    .pipe(z.string().regex(/^\d+$/, 'must be a whole number').optional())
    .transform((value) => (value === undefined ? undefined : Number(value)))
    .pipe(z.number().min(min).max(max).optional());

const ROLES: readonly Role[] = ['auditor', 'analyst', 'admin'];

const envSchema = z.object({
  PORT: integer(3000, 0, 65535),
  HOST: optionalText.transform((value) => value ?? '127.0.0.1'),
  DATA_DIR: optionalText.transform((value) => value ?? './data'),
  EVENTSTORE_URL: optionalText.pipe(
    z
      .string()
      .regex(
        /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent):\/\//,
        'must be an esdb:// connection string',
      )
      .optional(),
  ),
  MONGODB_URL: optionalText.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL')
      .optional(),
  ),
  MONGODB_DB: optionalText.transform((value) => value ?? 'payledger'),
  STRIPE_WEBHOOK_SECRET: secretList.pipe(
    z.array(z.string().startsWith('whsec_', 'each secret must start with whsec_')),
  ),
  RAZORPAY_WEBHOOK_SECRET: secretList,
  GENERIC_WEBHOOK_SECRET: secretList.transform((secrets, context) =>
    secrets.map((secret, index) => {
      const key = decodeStandardWebhookSecret(secret);
      if (!key) {
        context.addIssue({
          code: 'custom',
          message: `secret #${index} is not whsec_<base64 of 24–64 bytes>`,
        });
        return Buffer.alloc(0);
      }
      return key;
    }),
  ),
  IPPOPAY_PUBLIC_KEY: optionalText,
  IPPOPAY_SECRET_KEY: optionalText,
  IPPOPAY_API_URL: optionalText
    .pipe(z.url().optional())
    .transform((value) => value ?? 'https://api.ippopay.com'),
  IPPOPAY_API_CALLS_PER_SECOND: integer(10, 1, 10_000),
  API_KEYS: secretList.transform((pairs, context) =>
    pairs.flatMap((pair, index) => {
      const separator = pair.indexOf(':');
      const role = separator < 0 ? '' : pair.slice(0, separator);
      const token = separator < 0 ? '' : pair.slice(separator + 1);
      if (!ROLES.includes(role as Role) || token.length < 16) {
        // Never echo the entry: a mistyped one may be mostly token.
        context.addIssue({
          code: 'custom',
          message: `entry ${index + 1}${ROLES.includes(role as Role) ? ` (${role})` : ''} is not role:token with a role of ${ROLES.join(', ')} and a token of at least 16 characters`,
        });
        return [];
      }
      return [{ role: role as Role, token }];
    }),
  ),
  WEBHOOK_TOLERANCE_SECONDS: integer(300, 1, 86_400),
  MAX_BODY_BYTES: optionalInteger(1024, 64 * 1_048_576),
  EVENTSTORE_MAX_APPEND_BYTES: integer(EVENTSTORE_DB_DEFAULT_MAX_APPEND_BYTES, 65_536, 2 ** 31 - 1),
  MAX_PENDING_WEBHOOKS: integer(1000, 1, 1_000_000),
  REQUEST_TIMEOUT_SECONDS: integer(15, 1, 300),
  PROJECTIONS_ENABLED: optionalText
    .pipe(z.enum(['true', 'false']).optional())
    .transform((value) => value !== 'false'),
  AUDIT_DIGEST_INTERVAL_SECONDS: integer(60, 0, 86_400),
  AUDIT_SIGNING_KEY_FILE: optionalText,
  LOG_LEVEL: optionalText
    .pipe(z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional())
    .transform((value) => value ?? 'info'),
});

/** Pure: the process environment → a validated `Config`, or a `ConfigError` naming each bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  const ippopayKeys = [e.IPPOPAY_PUBLIC_KEY, e.IPPOPAY_SECRET_KEY];
  if (ippopayKeys.filter(Boolean).length === 1) {
    throw new ConfigError([
      {
        variable: e.IPPOPAY_PUBLIC_KEY ? 'IPPOPAY_SECRET_KEY' : 'IPPOPAY_PUBLIC_KEY',
        message: 'Ippopay needs both keys',
      },
    ]);
  }
  const bodyLimits = resolveBodySizeLimits({
    eventStoreUrl: e.EVENTSTORE_URL,
    eventStoreMaxAppendBytes: e.EVENTSTORE_MAX_APPEND_BYTES,
    maxBodyBytes: e.MAX_BODY_BYTES,
  });
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    eventStoreUrl: e.EVENTSTORE_URL,
    mongodbUrl: e.MONGODB_URL,
    mongodbDb: e.MONGODB_DB,
    secrets: {
      stripe: e.STRIPE_WEBHOOK_SECRET,
      razorpay: e.RAZORPAY_WEBHOOK_SECRET,
      generic: e.GENERIC_WEBHOOK_SECRET,
    },
    ippopay:
      e.IPPOPAY_PUBLIC_KEY && e.IPPOPAY_SECRET_KEY
        ? {
            publicKey: e.IPPOPAY_PUBLIC_KEY,
            secretKey: e.IPPOPAY_SECRET_KEY,
            apiUrl: e.IPPOPAY_API_URL,
            callsPerSecond: e.IPPOPAY_API_CALLS_PER_SECOND,
          }
        : undefined,
    apiKeys: e.API_KEYS,
    webhookToleranceSeconds: e.WEBHOOK_TOLERANCE_SECONDS,
    ...bodyLimits,
    maxPendingWebhooks: e.MAX_PENDING_WEBHOOKS,
    requestTimeoutSeconds: e.REQUEST_TIMEOUT_SECONDS,
    projectionsEnabled: e.PROJECTIONS_ENABLED,
    logLevel: e.LOG_LEVEL,
    audit: {
      digestIntervalSeconds: e.AUDIT_DIGEST_INTERVAL_SECONDS,
      signingKeyFile: e.AUDIT_SIGNING_KEY_FILE,
    },
  };
}

/**
 * Signs the article's sample payload the Standard Webhooks way and posts it to the running
 * service, prints the answer, then reads the payment's history back as an auditor and prints it.
 * Needs no environment: the secret and the token come from GENERIC_WEBHOOK_SECRET and API_KEYS
 * (or their _FILE forms) when set, else from DATA_DIR/credentials.json, which the first
 * `npm start` writes.
 *
 *   npm run webhook:sample                  a new delivery (fresh webhook-id)
 *   npm run webhook:sample -- --id msg_1    a chosen webhook-id (send twice to see `duplicate`)
 *   npm run webhook:sample -- --status authorized --payment pay_1
 */
import { createHmac, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { credentialsPath, withFirstRunCredentials } from '../src/config/firstRunCredentials.js';
import { readSecretFiles } from '../src/config/secretFiles.js';
import { minorUnitExponent, parseCurrencyCode } from '../src/domain/currency.js';

const { values } = parseArgs({
  options: {
    id: { type: 'string' },
    payment: { type: 'string', default: 'pay_1234567890' },
    status: { type: 'string', default: 'completed' },
    amount: { type: 'string', default: '100.00' },
    url: { type: 'string', default: `http://127.0.0.1:${process.env['PORT'] ?? '3000'}` },
  },
});

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const resolved = withFirstRunCredentials(process.env, { generate: false });
const env = readSecretFiles(resolved.env);
const source = (variable: string) =>
  resolved.used.includes(variable) ? resolved.file : `the ${variable} you set`;
const secret = env['GENERIC_WEBHOOK_SECRET']?.split(',')[0]?.trim();
if (!secret)
  fail(
    `No webhook secret: set GENERIC_WEBHOOK_SECRET (the value the service runs with), or run \`npm start\` once, which saves generated credentials to ${credentialsPath(process.env)}.`,
    2,
  );

// The article's payload, byte for byte the same on every run, so resending an id is a redelivery.
const body = `{"event":"payment.updated","timestamp":"2024-06-26T11:08:07Z","data":{"paymentId":"${values.payment}","status":"${values.status}","amount":${values.amount},"currency":"USD","orderId":"ord_0987654321"}}`;
const id = values.id ?? `msg_${randomUUID().replaceAll('-', '')}`;
const timestamp = String(Math.floor(Date.now() / 1000));
const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');

const unreachable = (error: unknown): never =>
  fail(`Could not reach ${values.url}: ${String(error)}. Is the service running (npm start)?`, 1);

const response = await fetch(`${values.url}/webhooks/generic`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  },
  body,
}).catch(unreachable);

process.stdout.write(
  `POST ${values.url}/webhooks/generic  webhook-id: ${id}  (signed with ${source('GENERIC_WEBHOOK_SECRET')})\n${body}\n\n`,
);
process.stdout.write(`${response.status} ${response.statusText}\n${await response.text()}\n`);
process.exitCode = response.ok ? 0 : 1;

const pairs = (env['API_KEYS'] ?? '').split(',').map((pair) => pair.trim().split(':'));
const token =
  pairs.find(([role]) => role === 'auditor')?.[1] ?? pairs.find(([role]) => role === 'admin')?.[1];
if (!token) {
  process.stdout.write('\nNo auditor or admin token in API_KEYS, so the history is not read.\n');
} else {
  await printHistory(token);
}

interface HistoryEvent {
  readonly revision: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly data: {
    readonly status?: string;
    readonly amount?: number;
    readonly currency?: string;
    readonly occurredAt?: string;
    readonly gatewayEventId?: string;
  };
}

async function printHistory(auditorToken: string): Promise<void> {
  const path = `/payments/generic/${encodeURIComponent(values.payment)}/history`;
  const history = await fetch(`${values.url}${path}`, {
    headers: { authorization: `Bearer ${auditorToken}` },
  }).catch(unreachable);
  process.stdout.write(
    `\nGET ${values.url}${path}  (auditor token from ${source('API_KEYS')})\n${history.status} ${history.statusText}\n`,
  );
  if (!history.ok) {
    process.stdout.write(`${await history.text()}\n`);
    process.exitCode = 1;
    return;
  }
  const { stream, events } = (await history.json()) as {
    stream: string;
    events: HistoryEvent[];
  };
  process.stdout.write(`${stream}: ${events.length} event${events.length === 1 ? '' : 's'}\n`);
  for (const event of events) {
    const { data } = event;
    process.stdout.write(
      `  #${event.revision}  ${event.type.padEnd(22)} ${(data.status ?? '').padEnd(18)} ${major(data.amount, data.currency).padStart(12)}  at ${data.occurredAt ?? '?'}  (webhook-id ${data.gatewayEventId ?? '?'}, recorded ${event.recordedAt})\n`,
    );
  }
}

/** Minor units back to major units for display, from the digits (no float arithmetic). */
function major(amount: number | undefined, currency: string | undefined): string {
  const code = parseCurrencyCode(currency ?? '');
  if (amount === undefined || !code) return '';
  const exponent = minorUnitExponent(code);
  const digits = String(amount).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  return `${exponent === 0 ? whole : `${whole}.${digits.slice(-exponent)}`} ${code}`;
}

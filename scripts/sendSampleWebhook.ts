/**
 * Signs the article's sample payload with GENERIC_WEBHOOK_SECRET the Standard Webhooks way and
 * posts it to the running service, printing the answer.
 *
 *   npm run webhook:sample                  a new delivery (fresh webhook-id)
 *   npm run webhook:sample -- --id msg_1    a chosen webhook-id (send twice to see `duplicate`)
 *   npm run webhook:sample -- --status authorized --payment pay_1
 */
import { createHmac, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    id: { type: 'string' },
    payment: { type: 'string', default: 'pay_1234567890' },
    status: { type: 'string', default: 'completed' },
    amount: { type: 'string', default: '100.00' },
    url: { type: 'string', default: `http://127.0.0.1:${process.env['PORT'] ?? '3000'}` },
  },
});

const secret = process.env['GENERIC_WEBHOOK_SECRET']?.split(',')[0]?.trim();
if (!secret) {
  process.stderr.write(
    'Set GENERIC_WEBHOOK_SECRET (the same value the service runs with), e.g. whsec_<base64>.\n',
  );
  process.exit(2);
}

// The article's payload, byte for byte the same on every run, so resending an id is a redelivery.
const body = `{"event":"payment.updated","timestamp":"2024-06-26T11:08:07Z","data":{"paymentId":"${values.payment}","status":"${values.status}","amount":${values.amount},"currency":"USD","orderId":"ord_0987654321"}}`;
const id = values.id ?? `msg_${randomUUID().replaceAll('-', '')}`;
const timestamp = String(Math.floor(Date.now() / 1000));
const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');

const response = await fetch(`${values.url}/webhooks/generic`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  },
  body,
}).catch((error: unknown) => {
  process.stderr.write(
    `Could not reach ${values.url}: ${String(error)}. Is the service running (npm start)?\n`,
  );
  process.exit(1);
});

process.stdout.write(`POST ${values.url}/webhooks/generic  webhook-id: ${id}\n${body}\n\n`);
process.stdout.write(`${response.status} ${response.statusText}\n${await response.text()}\n`);
process.exitCode = response.ok ? 0 : 1;

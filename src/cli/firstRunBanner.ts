import type { FirstRunCredentials } from '../config/firstRunCredentials.js';

/** The one-time, copyable block `npm start` prints on a first run (to stderr, not the log). */
export function firstRunBanner(file: string, credentials: FirstRunCredentials): string {
  const { apiKeys } = credentials;
  return `
payledger: first run, so these credentials were generated and saved to ${file}
(mode 0600). They are printed only now; later starts read them from that file.

  webhook secret  ${credentials.genericWebhookSecret}
                  GENERIC_WEBHOOK_SECRET: signs deliveries to POST /webhooks/generic
  admin token     ${apiKeys.admin}
                  everything: reads, GET /quarantine, replays
  auditor token   ${apiKeys.auditor}
                  histories, payments and orders, digests and exports (GET /audit/…)
  analyst token   ${apiKeys.analyst}
                  payments, orders and reports

Send them as "Authorization: Bearer <token>". Next, in another terminal:

  npm run webhook:sample

`;
}

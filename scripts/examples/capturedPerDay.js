// @ts-check
// An analyst's projection: money captured per UTC day and currency, and how many payments.
//
//   npx payledger rebuild --projection ./scripts/examples/capturedPerDay.js
//   PROJECTIONS_EXTRA=./scripts/examples/capturedPerDay.js npx payledger start
//
// It lands in its own table / collection, `captured_per_day`, one document per day and
// currency, keyed `<day>:<currency>`:
//   { day: '2024-01-02', currency: 'USD', payments: 12, amount: 23988 }
// Plain JavaScript, so it runs where only `dist/` exists (the Docker image); the JSDoc types
// let an editor check it against the definition's shape.

/** @typedef {{ status: string, amount: number, currency: string, occurredAt: string }} PaymentData */

/**
 * The payment's first `captured` event counts, on the day it says it happened: a redelivered or
 * repeated capture is not counted twice. The history holds the payment's events from its first
 * up to this one, in stream order, so this is the same on every replay.
 * @param {{ data: unknown }} event
 * @param {readonly { data: unknown }[]} history
 */
function isFirstCapture(event, history) {
  const data = /** @type {PaymentData} */ (event.data);
  if (data.status !== 'captured') return false;
  const earlier = history.slice(0, -1);
  return !earlier.some(
    (previous) => /** @type {PaymentData} */ (previous.data).status === 'captured',
  );
}

/** @type {import('../../projections/projectionDefinition.js').ProjectionDefinition} */
const capturedPerDay = {
  name: 'captured_per_day',
  // Raise it when `evolve` changes meaning, then rebuild.
  version: 1,
  streamPrefixes: ['payment-'],
  needsHistory: true,
  needsDocument: true,
  indexes: [{ name: 'day', fields: [{ field: 'day' }] }],

  keysOf(event, { history }) {
    if (!isFirstCapture(event, history)) return [];
    const data = /** @type {PaymentData} */ (event.data);
    return [`${data.occurredAt.slice(0, 10)}:${data.currency}`];
  },

  evolve(document, event) {
    const data = /** @type {PaymentData} */ (event.data);
    return {
      day: data.occurredAt.slice(0, 10),
      currency: data.currency,
      payments: Number(document?.['payments'] ?? 0) + 1,
      amount: Number(document?.['amount'] ?? 0) + data.amount,
    };
  },
};

export default capturedPerDay;

/** The gateways and canonical statuses the API knows (README: "Webhooks", "Status rules"). */
export const GATEWAYS = ['stripe', 'razorpay', 'ippopay', 'generic'] as const;

export const PAYMENT_STATUSES = [
  'pending',
  'authorized',
  'captured',
  'failed',
  'canceled',
  'partially_refunded',
  'refunded',
  'disputed',
] as const;

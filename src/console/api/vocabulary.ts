import { gateways, paymentStatuses } from 'virtual:payledger-vocabulary';

/** The gateways and canonical statuses the service knows, as its sources list them. */
export const GATEWAYS = gateways;
export const PAYMENT_STATUSES = paymentStatuses;

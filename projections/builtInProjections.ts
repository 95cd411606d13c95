import { dailyTotalsProjection } from './dailyTotals/dailyTotalsProjection.js';
import { ordersProjection } from './orders/ordersProjection.js';
import { parkedPaymentsProjection } from './parkedPayments/parkedPaymentsProjection.js';
import { paymentsProjection } from './payments/paymentsProjection.js';
import type { ProjectionDefinition } from './projectionDefinition.js';

/** The projections every payledger instance keeps up to date. */
export const BUILT_IN_PROJECTIONS: readonly ProjectionDefinition[] = [
  paymentsProjection,
  ordersProjection,
  dailyTotalsProjection,
  parkedPaymentsProjection,
];

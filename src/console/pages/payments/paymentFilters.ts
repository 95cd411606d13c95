/** The search form's fields, kept in the page's URL so a search can be linked and gone back to. */
export interface PaymentFilters {
  readonly gateway: string;
  readonly status: string;
  readonly currency: string;
  readonly orderId: string;
  /** UTC days, `YYYY-MM-DD`, both inclusive. */
  readonly from: string;
  readonly to: string;
}

const FIELDS = ['gateway', 'status', 'currency', 'orderId', 'from', 'to'] as const;

export function filtersFromQuery(query: URLSearchParams): PaymentFilters {
  const value = (name: (typeof FIELDS)[number]) => query.get(name)?.trim() ?? '';
  return {
    gateway: value('gateway'),
    status: value('status'),
    currency: value('currency').toUpperCase(),
    orderId: value('orderId'),
    from: value('from'),
    to: value('to'),
  };
}

export function filtersToQuery(filters: PaymentFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of FIELDS) if (filters[name]) query[name] = filters[name];
  return query;
}

/**
 * The `GET /payments` query. The API bounds `lastEventAt` by instants, so the last day asked
 * for runs to its final millisecond.
 */
export function paymentsApiPath(filters: PaymentFilters, cursor: string | undefined): string {
  const query = new URLSearchParams(filtersToQuery({ ...filters, to: '' }));
  if (filters.to) query.set('to', `${filters.to}T23:59:59.999Z`);
  if (cursor) query.set('cursor', cursor);
  query.set('limit', '25');
  return `/payments?${query.toString()}`;
}

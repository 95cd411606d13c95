import { Link } from '../../app/Link.js';
import { href, navigate } from '../../app/router.js';
import type { PageProps } from '../../app/routes.js';
import { paymentPageSchema } from '../../api/schemas.js';
import { useApi } from '../../api/useApi.js';
import { can } from '../../auth/roles.js';
import { ApiErrorPanel } from '../../components/ApiErrorPanel.js';
import { Loading } from '../../components/Loading.js';
import { PageHeading } from '../../components/PageHeading.js';
import { FindPaymentForm } from './FindPaymentForm.js';
import { PaymentFiltersForm } from './PaymentFiltersForm.js';
import { PaymentsTable } from './PaymentsTable.js';
import {
  filtersFromQuery,
  filtersToQuery,
  paymentsApiPath,
  type PaymentFilters,
} from './paymentFilters.js';

/** The cursors of the pages before this one, kept in the history entry for "Previous page". */
function cursorTrail(state: unknown): readonly string[] {
  const trail: unknown = (state as { cursorTrail?: unknown } | null)?.cursorTrail;
  return Array.isArray(trail)
    ? trail.filter((item): item is string => typeof item === 'string')
    : [];
}

/** Open a payment by id; with `searchPayments`, also search the payments read model and page. */
export function PaymentSearchPage(props: PageProps) {
  const { role } = props.session;
  const { query, state } = props.location;
  const filters = filtersFromQuery(query);
  const cursor = query.get('cursor') ?? undefined;
  const trail = cursorTrail(state);
  const searchable = can(role, 'searchPayments');
  const page = useApi(searchable ? paymentsApiPath(filters, cursor) : null, paymentPageSchema);

  const show = (next: PaymentFilters, nextCursor?: string, nextTrail: readonly string[] = []) => {
    navigate(href('/payments', { ...filtersToQuery(next), cursor: nextCursor }), {
      state: { cursorTrail: nextTrail },
    });
  };

  return (
    <>
      <PageHeading>Payments</PageHeading>
      <section class="panel">
        <FindPaymentForm />
      </section>
      {searchable ? (
        <>
          <section class="panel">
            <PaymentFiltersForm
              key={query.toString()}
              initial={filters}
              onSearch={(next) => {
                show(next);
              }}
            />
          </section>
          <section aria-labelledby="results-heading" aria-busy={page.state === 'loading'}>
            <h2 id="results-heading">Results</h2>
            {page.state === 'loading' ? <Loading what="payments" /> : null}
            {page.state === 'failed' ? <ApiErrorPanel error={page.error} headingLevel={3} /> : null}
            {page.state === 'loaded' ? (
              <>
                <PaymentsTable
                  payments={page.data.items}
                  caption={`Payments, latest event first (page ${trail.length + 1})`}
                  orderColumn={can(role, 'readOrders') ? 'link' : 'text'}
                  testId="payments"
                />
                <nav class="pager" aria-label="Result pages">
                  {cursor ? (
                    <Link href={href('/payments', filtersToQuery(filters))}>First page</Link>
                  ) : null}
                  {trail.length > 0 ? (
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => {
                        const previous = trail.at(-1);
                        show(filters, previous === '' ? undefined : previous, trail.slice(0, -1));
                      }}
                    >
                      Previous page
                    </button>
                  ) : null}
                  {page.data.nextCursor ? (
                    <button
                      type="button"
                      onClick={() => {
                        show(filters, page.data.nextCursor ?? undefined, [...trail, cursor ?? '']);
                      }}
                    >
                      Next page
                    </button>
                  ) : (
                    <span class="muted">No more results.</span>
                  )}
                </nav>
              </>
            ) : null}
          </section>
        </>
      ) : null}
    </>
  );
}

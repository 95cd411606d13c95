import { useState } from 'preact/hooks';
import { Link } from '../../app/Link.js';
import { href, navigate } from '../../app/router.js';
import type { PageProps } from '../../app/routes.js';
import { deliveryPageSchema } from './deliverySchemas.js';
import { useApi } from '../../api/useApi.js';
import { GATEWAYS } from '../../api/vocabulary.js';
import { ApiErrorPanel } from '../../components/ApiErrorPanel.js';
import { SelectField } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { PageHeading } from '../../components/PageHeading.js';
import { DeliveryCard } from './DeliveryCard.js';

const KINDS = ['quarantined', 'ignored'];
const STATES = ['open', 'resolved', 'all'];

interface Choice {
  readonly kind: string;
  readonly gateway: string;
  readonly state: string;
}

function DeliveryFilters(props: { readonly initial: Choice }) {
  const [choice, setChoice] = useState(props.initial);
  const set = (name: keyof Choice) => (value: string) => {
    setChoice({ ...choice, [name]: value });
  };
  return (
    <form
      class="form inline-form"
      aria-label="Which deliveries"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(href('/quarantine', { ...choice }));
      }}
    >
      <div class="fields">
        <SelectField
          id="quarantine-kind"
          label="Kind"
          value={choice.kind}
          options={KINDS}
          any="both"
          onChange={set('kind')}
        />
        <SelectField
          id="quarantine-gateway"
          label="Gateway"
          value={choice.gateway}
          options={GATEWAYS}
          any="any"
          onChange={set('gateway')}
        />
        <SelectField
          id="quarantine-state"
          label="State"
          value={choice.state}
          options={STATES}
          onChange={set('state')}
        />
        <button type="submit">Show</button>
      </div>
    </form>
  );
}

/**
 * `GET /quarantine` (admins): deliveries payledger kept without making them payment events,
 * oldest first, each with its reason and bytes, and a replay through today's code.
 */
export function QuarantinePage(props: PageProps) {
  const { query } = props.location;
  const choice: Choice = {
    kind: query.get('kind') ?? '',
    gateway: query.get('gateway') ?? '',
    state: query.get('state') ?? 'open',
  };
  const cursor = query.get('cursor') ?? undefined;
  const apiQuery = new URLSearchParams({ ...choice, limit: '20', ...(cursor ? { cursor } : {}) });
  for (const [key, value] of [...apiQuery]) if (!value) apiQuery.delete(key);
  const page = useApi(`/quarantine?${apiQuery.toString()}`, deliveryPageSchema);
  return (
    <>
      <PageHeading>Quarantine</PageHeading>
      <section class="panel">
        <DeliveryFilters key={query.toString()} initial={choice} />
      </section>
      <section
        aria-labelledby="deliveries-heading"
        aria-busy={page.state === 'loading'}
        data-testid="deliveries"
      >
        <h2 id="deliveries-heading">Deliveries, oldest first</h2>
        {page.state === 'loading' ? <Loading what="deliveries" /> : null}
        {page.state === 'failed' ? <ApiErrorPanel error={page.error} headingLevel={3} /> : null}
        {page.state === 'loaded' ? (
          <>
            {page.data.items.length === 0 ? (
              <p>No delivery matches.</p>
            ) : (
              <ol class="timeline">
                {page.data.items.map((delivery) => (
                  <DeliveryCard key={delivery.id} delivery={delivery} replayable />
                ))}
              </ol>
            )}
            <nav class="pager" aria-label="Delivery pages">
              {cursor ? <Link href={href('/quarantine', { ...choice })}>First page</Link> : null}
              {page.data.nextCursor ? (
                <Link href={href('/quarantine', { ...choice, cursor: page.data.nextCursor })}>
                  Next page
                </Link>
              ) : (
                <span class="muted">No more deliveries.</span>
              )}
            </nav>
          </>
        ) : null}
      </section>
    </>
  );
}

import { useState } from 'preact/hooks';
import { GATEWAYS, PAYMENT_STATUSES } from '../../api/vocabulary.js';
import type { PaymentFilters } from './paymentFilters.js';

const NO_FILTERS: PaymentFilters = {
  gateway: '',
  status: '',
  currency: '',
  orderId: '',
  from: '',
  to: '',
};

/** The search form; `onSearch` receives the filters when it is submitted (or cleared). */
export function PaymentFiltersForm(props: {
  readonly initial: PaymentFilters;
  readonly onSearch: (filters: PaymentFilters) => void;
}) {
  const [filters, setFilters] = useState(props.initial);
  const set = (name: keyof PaymentFilters) => (event: { currentTarget: { value: string } }) => {
    setFilters({ ...filters, [name]: event.currentTarget.value });
  };
  return (
    <form
      class="form"
      aria-labelledby="search-heading"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSearch(filters);
      }}
    >
      <h2 id="search-heading">Search</h2>
      <div class="fields">
        <div class="field">
          <label for="filter-gateway">Gateway</label>
          <select id="filter-gateway" value={filters.gateway} onChange={set('gateway')}>
            <option value="">any</option>
            {GATEWAYS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-status">Status</label>
          <select id="filter-status" value={filters.status} onChange={set('status')}>
            <option value="">any</option>
            {PAYMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-currency">Currency</label>
          <input
            id="filter-currency"
            class="short"
            maxLength={3}
            pattern="[A-Za-z]{3}"
            title="A three-letter ISO 4217 code, e.g. USD"
            autocomplete="off"
            value={filters.currency}
            onInput={set('currency')}
          />
        </div>
        <div class="field grow">
          <label for="filter-order">Order id</label>
          <input
            id="filter-order"
            spellcheck={false}
            autocomplete="off"
            value={filters.orderId}
            onInput={set('orderId')}
          />
        </div>
        <div class="field">
          <label for="filter-from">Last event from (UTC)</label>
          <input id="filter-from" type="date" value={filters.from} onInput={set('from')} />
        </div>
        <div class="field">
          <label for="filter-to">to (UTC, inclusive)</label>
          <input id="filter-to" type="date" value={filters.to} onInput={set('to')} />
        </div>
      </div>
      <div class="actions">
        <button type="submit">Search</button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setFilters(NO_FILTERS);
            props.onSearch(NO_FILTERS);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

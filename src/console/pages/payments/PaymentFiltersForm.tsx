import { useState } from 'preact/hooks';
import { GATEWAYS, PAYMENT_STATUSES } from '../../api/vocabulary.js';
import { Field, SelectField } from '../../components/Field.js';
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
  const set = (name: keyof PaymentFilters) => (value: string) => {
    setFilters({ ...filters, [name]: value });
  };
  const typed =
    (name: keyof PaymentFilters) => (event: { readonly currentTarget: { value: string } }) => {
      set(name)(event.currentTarget.value);
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
        <SelectField
          id="filter-gateway"
          label="Gateway"
          value={filters.gateway}
          options={GATEWAYS}
          any="any"
          onChange={set('gateway')}
        />
        <SelectField
          id="filter-status"
          label="Status"
          value={filters.status}
          options={PAYMENT_STATUSES}
          any="any"
          onChange={set('status')}
        />
        <Field id="filter-currency" label="Currency">
          <input
            id="filter-currency"
            class="short"
            maxLength={3}
            pattern="[A-Za-z]{3}"
            title="A three-letter ISO 4217 code, e.g. USD"
            autocomplete="off"
            value={filters.currency}
            onInput={typed('currency')}
          />
        </Field>
        <Field id="filter-order" label="Order id" grow>
          <input
            id="filter-order"
            spellcheck={false}
            autocomplete="off"
            value={filters.orderId}
            onInput={typed('orderId')}
          />
        </Field>
        <Field id="filter-from" label="Last event from (UTC)">
          <input id="filter-from" type="date" value={filters.from} onInput={typed('from')} />
        </Field>
        <Field id="filter-to" label="to (UTC, inclusive)">
          <input id="filter-to" type="date" value={filters.to} onInput={typed('to')} />
        </Field>
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

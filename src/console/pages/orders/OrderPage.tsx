import { useState } from 'preact/hooks';
import { navigate } from '../../app/router.js';
import type { PageProps } from '../../app/routes.js';
import { apiPath } from '../../api/apiClient.js';
import { orderSchema, type Order } from '../../api/schemas.js';
import { useApi } from '../../api/useApi.js';
import { ApiErrorPanel } from '../../components/ApiErrorPanel.js';
import { Field } from '../../components/Field.js';
import { DateTime } from '../../components/DateTime.js';
import { Loading } from '../../components/Loading.js';
import { PageHeading } from '../../components/PageHeading.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TableRegion } from '../../components/TableRegion.js';
import { formatMoney } from '../../money/formatMoney.js';
import { orderHref, PaymentsTable } from '../payments/PaymentsTable.js';
import { orderTotals } from './orderTotals.js';

function FindOrderForm(props: { readonly initial?: string }) {
  const [orderId, setOrderId] = useState(props.initial ?? '');
  return (
    <form
      class="form inline-form"
      aria-labelledby="find-order-heading"
      onSubmit={(event) => {
        event.preventDefault();
        if (orderId.trim()) navigate(orderHref(orderId.trim()));
      }}
    >
      <h2 id="find-order-heading">Look up an order</h2>
      <div class="fields">
        <Field id="order-id" label="Order id" grow>
          <input
            id="order-id"
            required
            spellcheck={false}
            autocomplete="off"
            value={orderId}
            onInput={(event) => {
              setOrderId(event.currentTarget.value);
            }}
          />
        </Field>
        <button type="submit">Open</button>
      </div>
    </form>
  );
}

export function OrderLookupPage(_props: PageProps) {
  return (
    <>
      <PageHeading>Orders</PageHeading>
      <section class="panel">
        <FindOrderForm />
      </section>
    </>
  );
}

function OrderDetails(props: { readonly order: Order }) {
  const { order } = props;
  return (
    <>
      <section class="panel" aria-labelledby="order-state-heading">
        <h2 id="order-state-heading">Status</h2>
        <p>
          <StatusBadge status={order.status} />
          {order.lastEventAt ? (
            <>
              {' '}
              <span class="muted">
                last gateway event <DateTime iso={order.lastEventAt} />
              </span>
            </>
          ) : null}
        </p>
      </section>
      <TableRegion label="Totals per currency">
        <table data-testid="order-totals">
          <caption>Totals per currency</caption>
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col" class="number">
                Captured
              </th>
              <th scope="col" class="number">
                Refunded
              </th>
              <th scope="col" class="number">
                Disputed and lost
              </th>
              <th scope="col" class="number">
                Net
              </th>
            </tr>
          </thead>
          <tbody>
            {orderTotals(order).map((totals) => (
              <tr key={totals.currency}>
                <th scope="row">{totals.currency}</th>
                <td class="number">{formatMoney(totals.captured, totals.currency)}</td>
                <td class="number">{formatMoney(totals.refunded, totals.currency)}</td>
                <td class="number">{formatMoney(totals.disputedLost, totals.currency)}</td>
                <td class="number">{formatMoney(totals.net, totals.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <PaymentsTable
        payments={order.payments}
        caption="Payments of this order"
        orderColumn={false}
        testId="order-payments"
      />
    </>
  );
}

/** `GET /orders/:orderId`: the order's status, its payments on every gateway, and its totals. */
export function OrderPage(props: PageProps) {
  const orderId = props.params['orderId'] ?? '';
  const order = useApi(apiPath`/orders/${orderId}`, orderSchema);
  return (
    <>
      <PageHeading>
        Order <code>{orderId}</code>
      </PageHeading>
      {order.state === 'loading' ? <Loading what="the order" /> : null}
      {order.state === 'failed' ? <ApiErrorPanel error={order.error} /> : null}
      {order.state === 'loaded' ? <OrderDetails order={order.data} /> : null}
      <section class="panel">
        <FindOrderForm key={orderId} />
      </section>
    </>
  );
}

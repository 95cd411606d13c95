import { Link } from '../../app/Link.js';
import { href } from '../../app/router.js';
import { DateTime } from '../../components/DateTime.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TableRegion } from '../../components/TableRegion.js';
import { formatMoney } from '../../money/formatMoney.js';

export const paymentHref = (gateway: string, paymentId: string) =>
  href(`/payments/${encodeURIComponent(gateway)}/${encodeURIComponent(paymentId)}`);

export const orderHref = (orderId: string) => href(`/orders/${encodeURIComponent(orderId)}`);

/** What a row needs: a payment of the search, or of an order. */
export interface PaymentRow {
  readonly gateway: string;
  readonly paymentId: string;
  readonly status: string;
  readonly amount: number;
  readonly currency: string;
  readonly refundedAmount?: number | undefined;
  readonly orderId?: string | null;
  readonly lastEventAt?: string | undefined;
}

function OrderCell(props: { readonly orderId: string | null | undefined; readonly link: boolean }) {
  if (!props.orderId) return <td>—</td>;
  return (
    <td>
      {props.link ? <Link href={orderHref(props.orderId)}>{props.orderId}</Link> : props.orderId}
    </td>
  );
}

export function PaymentsTable(props: {
  readonly payments: readonly PaymentRow[];
  readonly caption: string;
  /** Whether to show the order, and link it (only for roles that may read orders). */
  readonly orderColumn: false | 'text' | 'link';
  readonly testId?: string;
}) {
  if (props.payments.length === 0) return <p>No payment matches.</p>;
  return (
    <TableRegion label={props.caption}>
      <table data-testid={props.testId}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Payment</th>
            <th scope="col">Gateway</th>
            {props.orderColumn ? <th scope="col">Order</th> : null}
            <th scope="col">Status</th>
            <th scope="col" class="number">
              Amount
            </th>
            <th scope="col" class="number">
              Refunded
            </th>
            <th scope="col">Last event</th>
          </tr>
        </thead>
        <tbody>
          {props.payments.map((payment) => (
            <tr key={`${payment.gateway}:${payment.paymentId}`}>
              <th scope="row">
                <Link href={paymentHref(payment.gateway, payment.paymentId)}>
                  {payment.paymentId}
                </Link>
              </th>
              <td>{payment.gateway}</td>
              {props.orderColumn ? (
                <OrderCell orderId={payment.orderId} link={props.orderColumn === 'link'} />
              ) : null}
              <td>
                <StatusBadge status={payment.status} />
              </td>
              <td class="number">{formatMoney(payment.amount, payment.currency)}</td>
              <td class="number">
                {payment.refundedAmount
                  ? formatMoney(payment.refundedAmount, payment.currency)
                  : '—'}
              </td>
              <td>{payment.lastEventAt ? <DateTime iso={payment.lastEventAt} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

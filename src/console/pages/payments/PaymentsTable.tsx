import { Link } from '../../app/Link.js';
import { href } from '../../app/router.js';
import type { Payment } from '../../api/schemas.js';
import { DateTime } from '../../components/DateTime.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TableRegion } from '../../components/TableRegion.js';
import { formatMoney } from '../../money/formatMoney.js';

export const paymentHref = (gateway: string, paymentId: string) =>
  href(`/payments/${encodeURIComponent(gateway)}/${encodeURIComponent(paymentId)}`);

export const orderHref = (orderId: string) => href(`/orders/${encodeURIComponent(orderId)}`);

export function PaymentsTable(props: {
  readonly payments: readonly Payment[];
  readonly caption: string;
  readonly linkOrders: boolean;
}) {
  if (props.payments.length === 0) return <p>No payment matches.</p>;
  return (
    <TableRegion label={props.caption}>
      <table class="payments">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Payment</th>
            <th scope="col">Gateway</th>
            <th scope="col">Order</th>
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
              <td>
                {payment.orderId === null ? (
                  '—'
                ) : props.linkOrders ? (
                  <Link href={orderHref(payment.orderId)}>{payment.orderId}</Link>
                ) : (
                  payment.orderId
                )}
              </td>
              <td>
                <StatusBadge status={payment.status} />
              </td>
              <td class="number">{formatMoney(payment.amount, payment.currency)}</td>
              <td class="number">
                {payment.refundedAmount > 0
                  ? formatMoney(payment.refundedAmount, payment.currency)
                  : '—'}
              </td>
              <td>
                <DateTime iso={payment.lastEventAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

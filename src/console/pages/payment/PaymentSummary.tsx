import { Link } from '../../app/Link.js';
import { apiPath } from '../../api/apiClient.js';
import { paymentSchema, type Payment } from '../../api/schemas.js';
import { useApi, type Loadable } from '../../api/useApi.js';
import { ApiErrorPanel } from '../../components/ApiErrorPanel.js';
import { DateTime } from '../../components/DateTime.js';
import { Loading } from '../../components/Loading.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatMoney } from '../../money/formatMoney.js';
import { orderHref } from '../payments/PaymentsTable.js';

/** `GET /payments/:gateway/:paymentId`, or nothing when `payment` is undefined. */
export function usePaymentSummary(
  payment: { readonly gateway: string; readonly paymentId: string } | undefined,
): Loadable<Payment> | undefined {
  const result = useApi(
    payment ? apiPath`/payments/${payment.gateway}/${payment.paymentId}` : null,
    paymentSchema,
  );
  return payment ? result : undefined;
}

export function PaymentSummary(props: {
  readonly summary: Loadable<Payment>;
  readonly linkOrders: boolean;
}) {
  const { summary } = props;
  if (summary.state === 'loading') return <Loading what="the payment" />;
  if (summary.state === 'failed' && summary.error.code === 'payment_not_found') {
    return (
      <section class="panel panel-notice" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Current state</h2>
        <p>
          The payments read model does not have this payment. Either no event names it, or the
          projection has not applied its events yet: the overview shows the projection&apos;s lag.
        </p>
      </section>
    );
  }
  if (summary.state === 'failed') return <ApiErrorPanel error={summary.error} />;
  const payment = summary.data;
  return (
    <section class="panel" aria-labelledby="summary-heading" data-testid="payment-summary">
      <h2 id="summary-heading">Current state</h2>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={payment.status} />
        </dd>
        <dt>Amount</dt>
        <dd>{formatMoney(payment.amount, payment.currency)}</dd>
        <dt>Refunded</dt>
        <dd>{formatMoney(payment.refundedAmount, payment.currency)}</dd>
        <dt>Order</dt>
        <dd>
          {payment.orderId === null ? (
            'none'
          ) : props.linkOrders ? (
            <Link href={orderHref(payment.orderId)}>{payment.orderId}</Link>
          ) : (
            payment.orderId
          )}
        </dd>
        <dt>Last gateway event</dt>
        <dd>
          <DateTime iso={payment.lastEventAt} />
        </dd>
        <dt>Events applied</dt>
        <dd>{payment.eventCount}</dd>
        {payment.decidedBy ? (
          <>
            <dt>Status decided by</dt>
            <dd>
              <a href={`#event-${payment.decidedBy.eventId}`}>
                the {payment.decidedBy.status.replaceAll('_', ' ')} event
              </a>{' '}
              ({payment.decidedBy.gatewayEventType}) of{' '}
              <DateTime iso={payment.decidedBy.occurredAt} />
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

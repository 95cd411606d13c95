import { Link } from '../../app/Link.js';
import type { Delivery } from './deliverySchemas.js';
import { DateTime } from '../../components/DateTime.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { paymentHref } from '../payments/PaymentsTable.js';
import { ReplayControls } from './ReplayControls.js';

/** One kept delivery: why it was kept, what it names, its bytes, and (while open) replay. */
export function DeliveryCard(props: {
  readonly delivery: Delivery;
  /** Offer dry run and replay (admins, while the delivery is open). */
  readonly replayable: boolean;
}) {
  const { delivery } = props;
  const headingId = `delivery-${delivery.id.replaceAll(':', '-')}`;
  return (
    <li class="timeline-event timeline-delivery" data-testid="kept-delivery">
      <article aria-labelledby={headingId}>
        <header>
          <h3 id={headingId}>
            <StatusBadge status={delivery.kind} /> {delivery.gateway}{' '}
            {delivery.eventType ?? 'delivery'}
          </h3>
          <span class="muted">
            received <DateTime iso={delivery.receivedAt} />
          </span>
        </header>
        <p class="reason">{delivery.reason}</p>
        <dl class="facts">
          <dt>Payment</dt>
          <dd>
            {delivery.paymentId ? (
              <Link href={paymentHref(delivery.gateway, delivery.paymentId)}>
                {delivery.paymentId}
              </Link>
            ) : (
              'not readable from it'
            )}
          </dd>
          <dt>Delivery id</dt>
          <dd>
            <code>{delivery.deliveryId ?? 'none'}</code>
          </dd>
          <dt>Signature</dt>
          <dd>
            {delivery.verification.scheme}, verified with secret #
            {delivery.verification.secretIndex}
          </dd>
          <dt>Raw body SHA-256</dt>
          <dd>
            <code class="digest">{delivery.rawBodySha256}</code>
          </dd>
          <dt>Kept as</dt>
          <dd>
            <code class="digest">{delivery.id}</code>
          </dd>
          {delivery.resolution ? (
            <>
              <dt>Resolved</dt>
              <dd>
                {delivery.resolution.outcome} as event <code>{delivery.resolution.eventId}</code> on{' '}
                <DateTime iso={delivery.resolution.resolvedAt} />
              </dd>
            </>
          ) : null}
        </dl>
        <details>
          <summary>
            Raw body as received (
            {delivery.rawBody.encoding === 'utf8' ? 'text' : 'base64, not UTF-8'})
          </summary>
          <pre class="raw">{delivery.rawBody.data}</pre>
        </details>
        {props.replayable && !delivery.resolution ? <ReplayControls id={delivery.id} /> : null}
      </article>
    </li>
  );
}

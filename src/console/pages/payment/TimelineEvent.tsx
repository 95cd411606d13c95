import {
  paymentEventDataSchema,
  verificationSchema,
  type PaymentEventData,
  type RecordedEvent,
} from '../../api/schemas.js';
import { DateTime } from '../../components/DateTime.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatMoney } from '../../money/formatMoney.js';
import { Verification } from './Verification.js';

function StatusChange(props: { readonly from: string | undefined; readonly to: string }) {
  if (props.from === undefined) {
    return (
      <p class="status-change">
        <span class="visually-hidden">First status: </span>
        <StatusBadge status={props.to} />
      </p>
    );
  }
  if (props.from === props.to) {
    return (
      <p class="status-change">
        <StatusBadge status={props.to} /> <span class="muted">(same status as before)</span>
      </p>
    );
  }
  return (
    <p class="status-change">
      <span class="visually-hidden">Status changed from </span>
      <StatusBadge status={props.from} />
      <span aria-hidden="true"> → </span>
      <span class="visually-hidden"> to </span>
      <StatusBadge status={props.to} />
    </p>
  );
}

function PaymentFacts(props: { readonly data: PaymentEventData; readonly event: RecordedEvent }) {
  const { data, event } = props;
  return (
    <dl class="facts">
      <dt>Amount</dt>
      <dd data-testid="event-amount">{formatMoney(data.amount, data.currency)}</dd>
      {data.refundId ? (
        <>
          <dt>Refund</dt>
          <dd>
            <code>{data.refundId}</code>
          </dd>
        </>
      ) : null}
      {data.refundedAmount !== undefined && data.refundedAmount !== null ? (
        <>
          <dt>Refunded in total</dt>
          <dd>{formatMoney(data.refundedAmount, data.currency)}</dd>
        </>
      ) : null}
      <dt>Gateway event</dt>
      <dd>
        {data.gatewayEventType} <code>{data.gatewayEventId}</code>
      </dd>
      <dt>Order</dt>
      <dd>{data.orderId ?? 'none'}</dd>
      <dt>Gateway time</dt>
      <dd>
        <DateTime iso={data.occurredAt} />
      </dd>
      <dt>Received</dt>
      <dd>
        <DateTime iso={data.receivedAt} />
      </dd>
      <dt>Recorded</dt>
      <dd>
        <DateTime iso={event.recordedAt} />
      </dd>
      <dt>Event id</dt>
      <dd>
        <code>{event.eventId}</code>
      </dd>
      <dt>Log position</dt>
      <dd>
        revision {event.revision}, commit {event.position.commit}
      </dd>
    </dl>
  );
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** One recorded event: what it says, how it was verified, and the bytes the gateway signed. */
export function TimelineEvent(props: {
  readonly event: RecordedEvent;
  readonly previousStatus: string | undefined;
  readonly decides: boolean;
}) {
  const { event } = props;
  const parsed = paymentEventDataSchema.safeParse(event.data);
  const verification = verificationSchema.safeParse(event.metadata);
  const headingId = `event-${event.eventId}-heading`;
  return (
    <li class="timeline-event" id={`event-${event.eventId}`} tabIndex={-1}>
      <article aria-labelledby={headingId}>
        <header>
          <h3 id={headingId}>
            <span class="revision">#{event.revision}</span> {event.type}
          </h3>
          {props.decides ? (
            <span class="badge badge-decides">decides the current status</span>
          ) : null}
        </header>
        {parsed.success ? (
          <>
            <StatusChange from={props.previousStatus} to={parsed.data.status} />
            <PaymentFacts data={parsed.data} event={event} />
            <Verification
              metadata={verification.success ? verification.data : {}}
              rawBody={parsed.data.rawBody}
            />
            <details>
              <summary>Payload as parsed (JSON)</summary>
              <pre>{json(parsed.data.payload)}</pre>
            </details>
            {parsed.data.rawBody !== undefined ? (
              <details>
                <summary>
                  Raw body as received ({new TextEncoder().encode(parsed.data.rawBody).length}{' '}
                  bytes)
                </summary>
                <pre class="raw">{parsed.data.rawBody}</pre>
              </details>
            ) : null}
          </>
        ) : (
          <>
            <p>
              Not a payment event; recorded <DateTime iso={event.recordedAt} />.
            </p>
            <details>
              <summary>Data and metadata (JSON)</summary>
              <pre>{json({ data: event.data, metadata: event.metadata })}</pre>
            </details>
          </>
        )}
      </article>
    </li>
  );
}

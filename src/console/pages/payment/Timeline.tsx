import { apiPath } from '../../api/apiClient.js';
import { historySchema, paymentEventDataSchema, type RecordedEvent } from '../../api/schemas.js';
import { useApi } from '../../api/useApi.js';
import { ApiErrorPanel } from '../../components/ApiErrorPanel.js';
import { Loading } from '../../components/Loading.js';
import { DeliveryCard } from '../quarantine/DeliveryCard.js';
import { paymentDeliveriesSchema, type Delivery } from '../quarantine/deliverySchemas.js';
import { ChainCheck } from './ChainCheck.js';
import { TimelineEvent } from './TimelineEvent.js';

type Entry =
  | { readonly kind: 'event'; readonly event: RecordedEvent; readonly previousStatus?: string }
  | { readonly kind: 'delivery'; readonly delivery: Delivery };

/**
 * The stream's events in recorded order, with each kept delivery placed where it arrived (they
 * are not events of the stream, and never change its status).
 */
function entriesOf(events: readonly RecordedEvent[], deliveries: readonly Delivery[]): Entry[] {
  const entries: Entry[] = [];
  let next = 0;
  let previousStatus: string | undefined;
  for (const event of events) {
    while (next < deliveries.length && (deliveries[next]?.receivedAt ?? '') < event.recordedAt) {
      const delivery = deliveries[next++];
      if (delivery) entries.push({ kind: 'delivery', delivery });
    }
    entries.push({ kind: 'event', event, ...(previousStatus ? { previousStatus } : {}) });
    const data = paymentEventDataSchema.safeParse(event.data);
    if (data.success) previousStatus = data.data.status;
  }
  for (const delivery of deliveries.slice(next)) entries.push({ kind: 'delivery', delivery });
  return entries;
}

const count = (n: number, one: string, many: string) => (n === 1 ? `One ${one}` : `${n} ${many}`);

/**
 * The payment's stream from the event store, every event in the order it was recorded, with the
 * chain check above it and the quarantined and ignored deliveries that name the payment.
 */
export function Timeline(props: {
  readonly gateway: string;
  readonly paymentId: string;
  /** The event the read model says decided the current status, when the role may see it. */
  readonly decidedBy: string | undefined;
  /** Whether kept deliveries offer a replay (admins). */
  readonly replayable: boolean;
}) {
  const history = useApi(
    apiPath`/payments/${props.gateway}/${props.paymentId}/history`,
    historySchema,
  );
  const kept = useApi(
    apiPath`/payments/${props.gateway}/${props.paymentId}/deliveries`,
    paymentDeliveriesSchema,
  );
  const deliveries = kept.state === 'loaded' ? kept.data.items : [];
  return (
    <section aria-labelledby="timeline-heading" aria-busy={history.state === 'loading'}>
      <h2 id="timeline-heading">Timeline</h2>
      {history.state === 'loading' ? <Loading what="the history" /> : null}
      {history.state === 'failed' ? <ApiErrorPanel error={history.error} headingLevel={3} /> : null}
      {kept.state === 'failed' && history.state === 'loaded' ? (
        <ApiErrorPanel error={kept.error} headingLevel={3} />
      ) : null}
      {history.state === 'loaded' ? (
        <>
          <p>
            {count(history.data.events.length, 'event', 'events')} in the order they were recorded
            in the stream <code>{history.data.stream}</code>, straight from the event store
            {deliveries.length > 0
              ? `, and ${count(deliveries.length, 'kept delivery', 'kept deliveries').toLowerCase()} that name this payment but did not become its events (quarantined or ignored), where they arrived`
              : ''}
            . The current status follows the gateway&apos;s event times, not this order (see the
            status rules in the README).
          </p>
          <ChainCheck
            gateway={props.gateway}
            paymentId={props.paymentId}
            eventIds={new Map(history.data.events.map((event) => [event.revision, event.eventId]))}
          />
          <ol class="timeline" data-testid="timeline">
            {entriesOf(history.data.events, deliveries).map((entry) =>
              entry.kind === 'event' ? (
                <TimelineEvent
                  key={entry.event.eventId}
                  event={entry.event}
                  previousStatus={entry.previousStatus}
                  decides={entry.event.eventId === props.decidedBy}
                />
              ) : (
                <DeliveryCard
                  key={entry.delivery.id}
                  delivery={entry.delivery}
                  replayable={props.replayable}
                />
              ),
            )}
          </ol>
        </>
      ) : null}
    </section>
  );
}

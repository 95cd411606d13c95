import { apiPath } from '../../api/apiClient.js';
import { historySchema, paymentEventDataSchema } from '../../api/schemas.js';
import { useApi } from '../../api/useApi.js';
import { ApiErrorPanel } from '../../components/ApiErrorPanel.js';
import { Loading } from '../../components/Loading.js';
import { TimelineEvent } from './TimelineEvent.js';

/**
 * The payment's stream from the event store, every event in the order it was recorded.
 * The auditor's toolkit (issue 14) adds its chain check above the list, and the quarantined and
 * ignored deliveries that name this payment (issue 13) join it as entries of their own.
 */
export function Timeline(props: {
  readonly gateway: string;
  readonly paymentId: string;
  /** The event the read model says decided the current status, when the role may see it. */
  readonly decidedBy: string | undefined;
}) {
  const history = useApi(
    apiPath`/payments/${props.gateway}/${props.paymentId}/history`,
    historySchema,
  );
  return (
    <section aria-labelledby="timeline-heading" aria-busy={history.state === 'loading'}>
      <h2 id="timeline-heading">Timeline</h2>
      {history.state === 'loading' ? <Loading what="the history" /> : null}
      {history.state === 'failed' ? <ApiErrorPanel error={history.error} headingLevel={3} /> : null}
      {history.state === 'loaded' ? (
        <>
          <p>
            {history.data.events.length === 1
              ? 'One event'
              : `${history.data.events.length} events`}{' '}
            in the order they were recorded in the stream <code>{history.data.stream}</code>,
            straight from the event store. The current status follows the gateway&apos;s event
            times, not this order (see the status rules in the README).
          </p>
          <ol class="timeline" data-testid="timeline">
            {history.data.events.map((event, index) => {
              const previous = history.data.events[index - 1];
              const previousData = previous
                ? paymentEventDataSchema.safeParse(previous.data)
                : undefined;
              return (
                <TimelineEvent
                  key={event.eventId}
                  event={event}
                  previousStatus={previousData?.success ? previousData.data.status : undefined}
                  decides={event.eventId === props.decidedBy}
                />
              );
            })}
          </ol>
        </>
      ) : null}
    </section>
  );
}

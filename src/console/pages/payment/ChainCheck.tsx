import { apiPath } from '../../api/apiClient.js';
import { useApi } from '../../api/useApi.js';
import { ApiErrorPanel } from '../../components/ApiErrorPanel.js';
import { Loading } from '../../components/Loading.js';
import { chainSchema } from './chainSchema.js';

/**
 * The auditor's chain check of the stream (issue 14's `checkStreamChain`, run by the service):
 * whether every event still hashes to its chain values and links to the one before, and if not,
 * what is wrong at which revision.
 */
export function ChainCheck(props: {
  readonly gateway: string;
  readonly paymentId: string;
  /** Event ids by revision, to link a problem to its event on the page. */
  readonly eventIds: ReadonlyMap<string, string>;
}) {
  const chain = useApi(apiPath`/payments/${props.gateway}/${props.paymentId}/chain`, chainSchema);
  if (chain.state === 'loading') return <Loading what="the chain check" />;
  if (chain.state === 'failed') return <ApiErrorPanel error={chain.error} headingLevel={3} />;
  const report = chain.data;
  return (
    <section
      class={report.intact ? 'panel chain' : 'panel panel-error chain'}
      aria-labelledby="chain-heading"
      data-testid="chain-check"
    >
      <h3 id="chain-heading">{report.intact ? '✓ Hash chain intact' : '✗ Hash chain broken'}</h3>
      {report.intact ? (
        <p>
          {report.events === 1 ? 'The event hashes' : `All ${report.events} events hash`} to the
          chain values stored with them, each linked to the one before from the stream&apos;s
          genesis value.
          {report.head ? (
            <>
              {' '}
              Head (what a digest covers): revision {report.head.revision},{' '}
              <code class="digest">{report.head.hash}</code>.
            </>
          ) : null}
        </p>
      ) : (
        <ul>
          {report.problems.map((problem) => {
            const eventId = props.eventIds.get(problem.revision);
            const where = `#${problem.revision} ${problem.kind}`;
            return (
              <li key={`${problem.revision}:${problem.kind}`}>
                <strong>{eventId ? <a href={`#event-${eventId}`}>{where}</a> : where}</strong>:{' '}
                {problem.detail}
              </li>
            );
          })}
        </ul>
      )}
      {report.unchainedPrefix > 0 ? (
        <p class="muted">
          The first {report.unchainedPrefix} event(s) were written before chaining; they are checked
          as if chained from the genesis value.
        </p>
      ) : null}
    </section>
  );
}

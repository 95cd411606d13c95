import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../../api/apiClient.js';
import { requestJson } from '../../api/apiClient.js';
import { readinessSchema, type Readiness } from '../../api/schemas.js';
import { asApiError } from '../../api/useApi.js';
import { formatUtc } from '../../components/DateTime.js';
import { TableRegion } from '../../components/TableRegion.js';
import { readReadiness, type ProjectionHealth } from './readiness.js';

const REFRESH_MS = 5_000;

type Snapshot =
  | { readonly readiness: Readiness; readonly at: string }
  | { readonly error: ApiError; readonly at: string };

/** Polls `/readyz` while the tab is visible, one request at a time. */
function useReadiness(): Snapshot | undefined {
  const [snapshot, setSnapshot] = useState<Snapshot>();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const poll = async () => {
      if (!document.hidden) {
        try {
          const readiness = await requestJson('/readyz', readinessSchema, {
            dataStatuses: [503],
            signal: controller.signal,
          });
          setSnapshot({ readiness, at: new Date().toISOString() });
        } catch (error) {
          if (controller.signal.aborted) return;
          setSnapshot({ error: asApiError(error), at: new Date().toISOString() });
        }
      }
      timer = setTimeout(() => void poll(), REFRESH_MS);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, []);
  return snapshot;
}

const orDash = (value: string | number | undefined) => (value === undefined ? '—' : value);

function ProjectionRow(props: { readonly health: ProjectionHealth; readonly withLease: boolean }) {
  const { health } = props;
  return (
    <tr>
      <th scope="row">{health.name}</th>
      <td>
        {health.ready ? (health.state ?? 'ready') : 'failing'}
        {health.caughtUp === false ? ' (catching up)' : ''}
      </td>
      <td class="number">{orDash(health.position)}</td>
      <td class="number">
        {health.lagSeconds === undefined ? '—' : `${health.lagSeconds.toFixed(1)} s`}
        {health.lagEvents === undefined ? '' : `, ${health.lagEvents.toLocaleString('en')} events`}
      </td>
      <td class="number">
        {health.eventsPerSecond === undefined ? '—' : health.eventsPerSecond.toFixed(0)}
      </td>
      <td class="number">{orDash(health.parkedPayments)}</td>
      {props.withLease ? <td>{health.leaseHolder ?? 'nobody'}</td> : null}
      <td>{health.lastError ?? health.reason ?? '—'}</td>
    </tr>
  );
}

/** Readiness of the stores and each projection's lag, parked payments and last error. */
export function ProjectionStatusPanel() {
  const snapshot = useReadiness();
  if (!snapshot) {
    return (
      <section class="panel" aria-labelledby="status-heading">
        <h2 id="status-heading">Service status</h2>
        <p role="status">Checking…</p>
      </section>
    );
  }
  const view =
    'readiness' in snapshot
      ? { ...readReadiness(snapshot.readiness), ready: snapshot.readiness.status === 'ready' }
      : undefined;
  // `/readyz` is ready while webhooks can be accepted; the projections are reported beside it.
  const healthy = view?.projections.every((health) => health.ready) ?? false;
  const summary =
    'error' in snapshot
      ? `Status unknown: ${snapshot.error.message}`
      : !view?.ready
        ? 'Not ready: see the checks below.'
        : healthy
          ? 'Ready: the stores answer and the projections are healthy.'
          : 'Accepting webhooks, but the projections are not healthy: see below.';
  // The lease holder is shown once `/readyz` reports the lease (issue 11), not before.
  const withLease = view?.lease !== undefined;
  return (
    <section class="panel" aria-labelledby="status-heading" data-testid="status-panel">
      <h2 id="status-heading">Service status</h2>
      <p role="status" class={view?.ready && healthy ? 'ok' : 'field-error'}>
        {summary}
      </p>
      <p class="muted">
        Refreshes every {REFRESH_MS / 1000} s; last checked {formatUtc(snapshot.at)}.
      </p>
      {view ? (
        <>
          {view.lease ? (
            <p data-testid="lease-holder">
              Projection lease:{' '}
              {view.lease.holder === null ? (
                'held by no instance'
              ) : (
                <>
                  held by <code>{view.lease.holder}</code>
                  {view.lease.thisInstance ? ' (this instance)' : ''}
                </>
              )}
              .
            </p>
          ) : null}
          <ul class="checks">
            {view.stores.map((store) => (
              <li key={store.name}>
                <strong>{store.name}</strong>:{' '}
                {store.ready ? 'answers' : `failing (${store.reason ?? 'no reason given'})`}
              </li>
            ))}
          </ul>
          <TableRegion label="Projections">
            <table>
              <caption>Projections</caption>
              <thead>
                <tr>
                  <th scope="col">Projection</th>
                  <th scope="col">State</th>
                  <th scope="col">Position</th>
                  <th scope="col">Lag</th>
                  <th scope="col">Events/s</th>
                  <th scope="col">Parked</th>
                  {withLease ? <th scope="col">Lease holder</th> : null}
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {view.projections.length === 0 ? (
                  <tr>
                    <td colSpan={withLease ? 8 : 7}>
                      This instance runs no projection (PROJECTIONS_ENABLED=false).
                    </td>
                  </tr>
                ) : (
                  view.projections.map((health) => (
                    <ProjectionRow key={health.name} health={health} withLease={withLease} />
                  ))
                )}
              </tbody>
            </table>
          </TableRegion>
        </>
      ) : null}
    </section>
  );
}

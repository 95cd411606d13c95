import { useState } from 'preact/hooks';
import { Link } from '../../app/Link.js';
import { apiPath, requestJson } from '../../api/apiClient.js';
import { replayResultSchema, type ReplayResult } from './deliverySchemas.js';
import { asApiError } from '../../api/useApi.js';
import { readSession } from '../../auth/session.js';
import { paymentHref } from '../payments/PaymentsTable.js';

type Step =
  | { readonly name: 'idle' }
  | { readonly name: 'confirming' }
  | { readonly name: 'running'; readonly dryRun: boolean }
  | { readonly name: 'done'; readonly result: ReplayResult }
  | { readonly name: 'failed'; readonly message: string };

/** `payment-generic:pay_1` → the console's page of that payment. */
function streamHref(stream: string): string | undefined {
  const match = /^payment-([^:]+):(.+)$/.exec(stream);
  return match?.[1] && match[2] ? paymentHref(match[1], match[2]) : undefined;
}

function describeResult(result: ReplayResult): string {
  const event = result.eventId ?? '';
  switch (result.outcome) {
    case 'accepted':
      return result.dryRun
        ? `Dry run: today's code accepts it; it would be appended as event ${event}.`
        : `Replayed: appended as event ${event}, and the delivery is resolved.`;
    case 'duplicate':
      return result.dryRun
        ? `Dry run: the payment already has this event (${event}); the delivery would be resolved.`
        : `The payment already had this event (${event}); the delivery is now resolved.`;
    case 'ignored':
    case 'invalid':
      return `Today's code still cannot use it (${result.outcome}: ${result.reason ?? 'no reason given'}); it stays open.`;
    case 'already_resolved':
      return 'An earlier replay already resolved it.';
    default:
      return `The service answered ${result.outcome}.`;
  }
}

/**
 * Dry run, or replay after a confirmation step: a replay appends a payment event (exactly once)
 * and resolves the delivery, so it is never one careless click.
 */
export function ReplayControls(props: { readonly id: string }) {
  const [step, setStep] = useState<Step>({ name: 'idle' });
  const run = async (dryRun: boolean) => {
    setStep({ name: 'running', dryRun });
    try {
      const result = await requestJson(
        `${apiPath`/quarantine/${props.id}/replay`}${dryRun ? '?dryRun=true' : ''}`,
        replayResultSchema,
        { method: 'POST', token: readSession()?.token },
      );
      setStep({ name: 'done', result });
    } catch (error) {
      setStep({ name: 'failed', message: asApiError(error).message });
    }
  };
  const busy = step.name === 'running';
  const target =
    step.name === 'done' && step.result.stream ? streamHref(step.result.stream) : undefined;
  return (
    <div class="replay">
      <div class="actions">
        <button type="button" class="secondary" disabled={busy} onClick={() => void run(true)}>
          Dry run
        </button>
        {step.name === 'confirming' ? (
          <>
            <button type="button" disabled={busy} onClick={() => void run(false)}>
              Replay now
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setStep({ name: 'idle' });
              }}
            >
              Cancel
            </button>
          </>
        ) : (
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setStep({ name: 'confirming' });
            }}
          >
            Replay…
          </button>
        )}
      </div>
      <p role="status" class={step.name === 'failed' ? 'field-error' : ''}>
        {step.name === 'confirming'
          ? "Replay runs this delivery through today's code and, if it now becomes a payment event, appends it once and marks the delivery resolved."
          : step.name === 'running'
            ? step.dryRun
              ? 'Running a dry run…'
              : 'Replaying…'
            : step.name === 'done'
              ? describeResult(step.result)
              : step.name === 'failed'
                ? step.message
                : ''}
        {target ? (
          <>
            {' '}
            <Link href={target}>Open the payment</Link>
          </>
        ) : null}
      </p>
    </div>
  );
}

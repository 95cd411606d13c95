import type { PageProps } from '../../app/routes.js';
import { can } from '../../auth/roles.js';
import { PageHeading } from '../../components/PageHeading.js';
import { PaymentSummary, usePaymentSummary } from './PaymentSummary.js';
import { Timeline } from './Timeline.js';

/**
 * One payment: its current state from the read model (analysts, admins) and its timeline from
 * the event store (auditors, admins). A role with neither still gets the timeline's request, so
 * it sees the server's own 403.
 */
export function PaymentPage(props: PageProps) {
  const { role } = props.session;
  const gateway = props.params['gateway'] ?? '';
  const paymentId = props.params['paymentId'] ?? '';
  const readsPayment = can(role, 'readPayment');
  const summary = usePaymentSummary(readsPayment ? { gateway, paymentId } : undefined);
  const decidedBy = summary?.state === 'loaded' ? summary.data.decidedBy?.eventId : undefined;
  return (
    <>
      <PageHeading>
        Payment <code>{paymentId}</code> <span class="subtitle">on {gateway}</span>
      </PageHeading>
      {summary ? <PaymentSummary summary={summary} linkOrders={can(role, 'readOrders')} /> : null}
      {can(role, 'readHistory') || !readsPayment ? (
        <Timeline
          gateway={gateway}
          paymentId={paymentId}
          decidedBy={decidedBy}
          replayable={can(role, 'manageQuarantine')}
        />
      ) : null}
    </>
  );
}

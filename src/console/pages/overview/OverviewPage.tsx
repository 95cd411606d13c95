import { Link } from '../../app/Link.js';
import { href } from '../../app/router.js';
import type { PageProps } from '../../app/routes.js';
import { can } from '../../auth/roles.js';
import { PageHeading } from '../../components/PageHeading.js';
import { ProjectionStatusPanel } from './ProjectionStatusPanel.js';

/** What this role can do here, and the service's status. */
export function OverviewPage(props: PageProps) {
  const { role } = props.session;
  const tasks = [
    can(role, 'searchPayments')
      ? { path: '/payments', text: 'Search payments by gateway, status, currency, order or date' }
      : can(role, 'readHistory')
        ? { path: '/payments', text: 'Open a payment and read its timeline, event by event' }
        : undefined,
    can(role, 'readOrders')
      ? { path: '/orders', text: 'Look up an order: its payments and totals' }
      : undefined,
    can(role, 'readReports')
      ? { path: '/reports/daily', text: 'Daily totals per gateway, currency and status' }
      : undefined,
    can(role, 'manageQuarantine')
      ? { path: '/quarantine', text: 'Quarantined and ignored deliveries: read them, replay them' }
      : undefined,
  ].filter((task) => task !== undefined);
  return (
    <>
      <PageHeading>Overview</PageHeading>
      <section class="panel" aria-labelledby="tasks-heading">
        <h2 id="tasks-heading">What you can do as {role}</h2>
        <ul class="tasks">
          {tasks.map((task) => (
            <li key={task.path}>
              <Link href={href(task.path)}>{task.text}</Link>
            </li>
          ))}
        </ul>
      </section>
      <ProjectionStatusPanel />
    </>
  );
}

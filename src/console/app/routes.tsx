import type { JSX } from 'preact';
import { can, type Capability, type Role } from '../auth/roles.js';
import type { Session } from '../auth/session.js';
import { DailyTotalsPage } from '../pages/reports/DailyTotalsPage.js';
import { NotFoundPage } from '../pages/NotFoundPage.js';
import { OrderLookupPage, OrderPage } from '../pages/orders/OrderPage.js';
import { OverviewPage } from '../pages/overview/OverviewPage.js';
import { PaymentPage } from '../pages/payment/PaymentPage.js';
import { PaymentSearchPage } from '../pages/payments/PaymentSearchPage.js';
import { QuarantinePage } from '../pages/quarantine/QuarantinePage.js';
import { matchPath, type Location } from './router.js';

export interface PageProps {
  readonly session: Session;
  readonly params: Readonly<Record<string, string>>;
  readonly location: Location;
}

interface Route {
  readonly pattern: string;
  readonly title: (params: Readonly<Record<string, string>>) => string;
  readonly page: (props: PageProps) => JSX.Element;
  /** In the navigation, for roles with any of `offerTo`. */
  readonly nav?: { readonly label: string; readonly offerTo: readonly Capability[] };
}

/**
 * Every page of the console. A page may be opened by any signed-in user (a link can be shared);
 * what a role may not read is left out of the navigation and links, and the server's 403 is
 * shown when someone opens it anyway.
 */
const ROUTES: readonly Route[] = [
  {
    pattern: '/',
    title: () => 'Overview',
    page: OverviewPage,
    nav: { label: 'Overview', offerTo: [] },
  },
  {
    pattern: '/payments',
    title: () => 'Payments',
    page: PaymentSearchPage,
    nav: { label: 'Payments', offerTo: ['searchPayments', 'readHistory', 'readPayment'] },
  },
  {
    pattern: '/payments/:gateway/:paymentId',
    title: ({ paymentId }) => `Payment ${paymentId ?? ''}`,
    page: PaymentPage,
  },
  {
    pattern: '/orders',
    title: () => 'Orders',
    page: OrderLookupPage,
    nav: { label: 'Orders', offerTo: ['readOrders'] },
  },
  {
    pattern: '/orders/:orderId',
    title: ({ orderId }) => `Order ${orderId ?? ''}`,
    page: OrderPage,
  },
  {
    pattern: '/reports/daily',
    title: () => 'Daily totals',
    page: DailyTotalsPage,
    nav: { label: 'Daily totals', offerTo: ['readReports'] },
  },
  {
    pattern: '/quarantine',
    title: () => 'Quarantine',
    page: QuarantinePage,
    nav: { label: 'Quarantine', offerTo: ['manageQuarantine'] },
  },
];

export function resolveRoute(path: string): {
  readonly title: string;
  readonly page: (props: PageProps) => JSX.Element;
  readonly params: Readonly<Record<string, string>>;
} {
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) return { title: route.title(params), page: route.page, params };
  }
  return { title: 'Not found', page: NotFoundPage, params: {} };
}

export function navigationFor(
  role: Role,
): readonly { readonly label: string; readonly path: string }[] {
  return ROUTES.flatMap((route) =>
    route.nav &&
    (route.nav.offerTo.length === 0 || route.nav.offerTo.some((need) => can(role, need)))
      ? [{ label: route.nav.label, path: route.pattern }]
      : [],
  );
}

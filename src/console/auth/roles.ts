export const ROLES = ['auditor', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What the console can offer; each is backed by endpoints the server guards by role. */
export type Capability =
  | 'searchPayments'
  | 'readPayment'
  | 'readHistory'
  | 'readOrders'
  | 'readReports'
  | 'manageQuarantine';

/**
 * Mirrors the server's role rules (README, "Query API"), only to decide what to offer: the
 * server still decides, and a page shows its 403 when the two disagree.
 */
const CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  auditor: ['readHistory'],
  analyst: ['searchPayments', 'readPayment', 'readOrders', 'readReports'],
  admin: [
    'searchPayments',
    'readPayment',
    'readHistory',
    'readOrders',
    'readReports',
    'manageQuarantine',
  ],
};

export function can(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}

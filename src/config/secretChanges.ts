import type { Config } from './config.js';
import type { SecretVariable } from './secretFiles.js';

const same = (a: readonly (string | Buffer)[], b: readonly (string | Buffer)[]) =>
  a.length === b.length &&
  a.every((value, index) => {
    const other = b[index];
    return Buffer.isBuffer(value) && Buffer.isBuffer(other) ? value.equals(other) : value === other;
  });

/** Which secret variables differ between two configurations (their names, never values). */
export function changedSecretVariables(before: Config, after: Config): SecretVariable[] {
  const apiKeys = (config: Config) => config.apiKeys.map((key) => `${key.role}:${key.token}`);
  const checks: readonly (readonly [SecretVariable, boolean])[] = [
    ['STRIPE_WEBHOOK_SECRET', same(before.secrets.stripe, after.secrets.stripe)],
    ['RAZORPAY_WEBHOOK_SECRET', same(before.secrets.razorpay, after.secrets.razorpay)],
    ['GENERIC_WEBHOOK_SECRET', same(before.secrets.generic, after.secrets.generic)],
    ['IPPOPAY_PUBLIC_KEY', before.ippopay?.publicKey === after.ippopay?.publicKey],
    ['IPPOPAY_SECRET_KEY', before.ippopay?.secretKey === after.ippopay?.secretKey],
    ['API_KEYS', same(apiKeys(before), apiKeys(after))],
    ['EVENTSTORE_URL', before.eventStoreUrl === after.eventStoreUrl],
    ['MONGODB_URL', before.mongodbUrl === after.mongodbUrl],
  ];
  return checks.filter(([, unchanged]) => !unchanged).map(([name]) => name);
}

/** Store connections are opened once; a new value needs a restart. */
export const RESTART_VARIABLES: readonly SecretVariable[] = ['EVENTSTORE_URL', 'MONGODB_URL'];

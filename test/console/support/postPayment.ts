import { expect } from 'chai';
import { aGenericPayment, type GenericPaymentOverrides } from '../../support/builders.js';
import { signStandardWebhook } from '../../support/signStandardWebhook.js';
import type { TestApp } from '../../support/startApp.js';

/**
 * Posts a signed generic (Standard Webhooks) delivery through the real webhook endpoint and
 * checks it was accepted; `extra` adds fields to `data` (refundId, refundedAmount).
 */
export async function postPayment(
  app: TestApp,
  overrides: GenericPaymentOverrides,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const payload = aGenericPayment(overrides);
  const body = JSON.stringify({ ...payload, data: { ...payload.data, ...extra } });
  const response = await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });
  expect(response.status, await response.clone().text()).to.equal(200);
}

import { eventually } from '../../support/eventually.js';
import { ANALYST_TOKEN, type TestApp } from '../../support/startApp.js';
import { postPayment } from './postPayment.js';

/**
 * What the console tests look at: an order paid in two currencies (one payment authorized,
 * captured, then partly refunded; one in yen), and a three-decimal payment of another order.
 */
export const STORY = {
  orderId: 'ord_console_1',
  usd: 'pay_console_usd',
  jpy: 'pay_console_jpy',
  kwd: 'pay_console_kwd',
  otherOrderId: 'ord_console_2',
} as const;

/** Posts the story through the real webhook endpoint and waits until it is projected. */
export async function postStory(app: TestApp): Promise<void> {
  const order = STORY.orderId;
  await postPayment(app, {
    paymentId: STORY.usd,
    status: 'authorized',
    amount: 1234.56,
    orderId: order,
    timestamp: '2024-06-26T11:08:01Z',
  });
  await postPayment(app, {
    paymentId: STORY.usd,
    status: 'completed',
    amount: 1234.56,
    orderId: order,
    timestamp: '2024-06-26T11:08:07Z',
  });
  await postPayment(
    app,
    {
      paymentId: STORY.usd,
      status: 'partially_refunded',
      amount: 200,
      orderId: order,
      timestamp: '2024-06-27T09:30:00Z',
    },
    { refundId: 're_console_1', refundedAmount: 200 },
  );
  await postPayment(app, {
    paymentId: STORY.jpy,
    status: 'completed',
    amount: 1500,
    currency: 'JPY',
    orderId: order,
    timestamp: '2024-06-26T12:00:00Z',
  });
  await postPayment(app, {
    paymentId: STORY.kwd,
    status: 'completed',
    amount: 1.234,
    currency: 'KWD',
    orderId: STORY.otherOrderId,
    timestamp: '2024-06-28T08:00:00Z',
  });
  await eventually(async () => {
    const response = await app.get(`/payments/generic/${STORY.usd}`, ANALYST_TOKEN);
    const body = response.ok ? ((await response.json()) as { eventCount: number }) : undefined;
    const others = await Promise.all(
      [STORY.jpy, STORY.kwd].map((id) => app.get(`/payments/generic/${id}`, ANALYST_TOKEN)),
    );
    return body?.eventCount === 3 && others.every((other) => other.ok) ? true : undefined;
  });
}

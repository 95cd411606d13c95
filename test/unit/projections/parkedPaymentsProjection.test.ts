import { expect } from 'chai';
import { BUILT_IN_PROJECTIONS } from '../../../projections/builtInProjections.js';
import { foldEvents } from '../../../projections/foldEvents.js';
import { parkedPaymentsProjection } from '../../../projections/parkedPayments/parkedPaymentsProjection.js';
import { aPaymentEvent, recordInOrder } from '../../support/paymentEvents.js';

describe('parkedPaymentsProjection', function () {
  const events = recordInOrder([
    aPaymentEvent({ id: 'e1', paymentId: 'pi_bad', status: 'authorized' }),
    aPaymentEvent({ id: 'e2', paymentId: 'pi_ok' }),
    aPaymentEvent({ id: 'e3', paymentId: 'pi_bad', amount: 12.5 }),
    aPaymentEvent({ id: 'e4', paymentId: 'pi_bad', status: 'refunded' }),
  ]);

  it('parks a payment from its first event that cannot be applied, with every later one', function () {
    const parked = foldEvents(parkedPaymentsProjection, events);
    expect([...parked.keys()]).to.deep.equal(['stripe:pi_bad']);
    expect(parked.get('stripe:pi_bad')?.body).to.deep.equal({
      streamName: 'payment-stripe:pi_bad',
      reason:
        'event e3 cannot be projected: data.amount: Invalid input: expected int, received number',
      eventIds: ['e3', 'e4'],
      firstParkedPosition: { commit: '3', prepare: '3' },
      parkedAt: '1970-01-01T00:00:00.000Z',
    });
  });

  it('is skipped by every other projection from the same event on, while other payments proceed', function () {
    for (const definition of BUILT_IN_PROJECTIONS.filter((d) => d !== parkedPaymentsProjection)) {
      const positions = [...foldEvents(definition, events).values()].map(
        ({ position }) => position.commit,
      );
      expect(
        positions.every((position) => position <= 2n),
        definition.name,
      ).to.equal(true);
    }
  });
});

import { expect } from 'chai';
import { eventMemo } from '../../../projections/paymentStreams/eventMemo.js';
import { parkingOf, summaryOf } from '../../../projections/paymentStreams/paymentHistory.js';
import { aPaymentEvent, recordInOrder } from '../../support/paymentEvents.js';

describe('eventMemo', function () {
  it('remembers a value for the event it was derived from', function () {
    const memo = eventMemo<string>();
    const [event] = recordInOrder([aPaymentEvent()]);
    if (!event) throw new Error('no event');

    memo.set(event, 'derived');

    expect(memo.get(event)).to.equal('derived');
  });

  it('remembers null as a value, not as nothing remembered', function () {
    const memo = eventMemo<string | null>();
    const [event] = recordInOrder([aPaymentEvent()]);
    if (!event) throw new Error('no event');

    memo.set(event, null);

    expect(memo.get(event)).to.equal(null);
  });

  it('does not hand a copy of the event what was derived from the original', function () {
    const memo = eventMemo<string>();
    const [event] = recordInOrder([aPaymentEvent()]);
    if (!event) throw new Error('no event');
    memo.set(event, 'derived');

    expect(memo.get({ ...event })).to.equal(undefined);
  });

  it('remembers values for frozen events too', function () {
    const memo = eventMemo<string>();
    const [event] = recordInOrder([aPaymentEvent()]);
    if (!event) throw new Error('no event');
    const frozen = Object.freeze({ ...event });

    memo.set(frozen, 'derived');

    expect(memo.get(frozen)).to.equal('derived');
  });

  it('summarizes a copy of an event from its own history, not the original one', function () {
    const recorded = recordInOrder([
      aPaymentEvent({ status: 'authorized', id: 'evt_1' }),
      aPaymentEvent({ status: 'captured', id: 'evt_2' }),
    ]);
    expect(summaryOf(recorded)?.facts).to.have.length(2);
    expect(parkingOf(recorded)).to.equal(undefined);

    // As an as-of fold by gateway time may leave the first event out and keep the second.
    const laterOnly = recorded.slice(1).map((event) => ({ ...event }));

    expect(summaryOf(laterOnly)?.facts).to.have.length(1);
  });
});

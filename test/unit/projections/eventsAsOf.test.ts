import { expect } from 'chai';
import { eventsAsOf } from '../../../projections/asOf/eventsAsOf.js';
import type { RecordedEvent } from '../../../src/eventStore/eventStore.js';
import { aPaymentEvent, recordInOrder } from '../../support/paymentEvents.js';

/** Three events recorded a minute apart; the third reports the earliest gateway time. */
function aHistory(): RecordedEvent[] {
  const recorded = ['2026-11-30T10:00:00Z', '2026-11-30T10:01:00Z', '2026-11-30T10:02:00Z'];
  return recordInOrder([
    aPaymentEvent({ id: 'a', status: 'authorized', occurredAt: '2026-11-30T09:59:00Z' }),
    aPaymentEvent({ id: 'b', status: 'captured', occurredAt: '2026-11-30T10:00:30Z' }),
    aPaymentEvent({ id: 'c', status: 'pending', occurredAt: '2026-11-30T09:00:00Z' }),
  ]).map((event, index) => ({ ...event, recordedAt: new Date(recorded[index] ?? '') }));
}

const ids = (events: readonly RecordedEvent[]) => events.map((event) => event.id);

describe('eventsAsOf', function () {
  context('on the recorded basis', function () {
    it('keeps the events recorded at or before the moment, in log order', function () {
      const at = new Date('2026-11-30T10:01:00Z');
      expect(ids(eventsAsOf(aHistory(), { at, basis: 'recorded' }))).to.deep.equal(['a', 'b']);
    });

    it('keeps nothing before the first event was recorded', function () {
      const at = new Date('2026-11-30T09:59:59.999Z');
      expect(eventsAsOf(aHistory(), { at, basis: 'recorded' })).to.deep.equal([]);
    });
  });

  context('on the effective basis', function () {
    it('keeps the events whose gateway time is at or before the moment, however late they came', function () {
      const at = new Date('2026-11-30T09:59:00Z');
      expect(ids(eventsAsOf(aHistory(), { at, basis: 'effective' }))).to.deep.equal(['a', 'c']);
    });

    it('leaves out an event whose gateway time cannot be read', function () {
      const [first, ...rest] = aHistory();
      const unreadable = { ...first!, data: { ...(first!.data as object), occurredAt: 'soon' } };
      const at = new Date('2030-01-01T00:00:00Z');
      expect(ids(eventsAsOf([unreadable, ...rest], { at, basis: 'effective' }))).to.deep.equal([
        'b',
        'c',
      ]);
    });
  });
});

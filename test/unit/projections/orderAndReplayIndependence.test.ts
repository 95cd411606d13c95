import { expect } from 'chai';
import fc from 'fast-check';
import { BUILT_IN_PROJECTIONS } from '../../../projections/builtInProjections.js';
import { foldEvents } from '../../../projections/foldEvents.js';
import { PAYMENT_STATUSES } from '../../../src/domain/paymentStatus.js';
import type { EventToAppend, RecordedEvent } from '../../../src/eventStore/eventStore.js';
import { aPaymentEvent, recordInOrder } from '../../support/paymentEvents.js';

type Appendable = EventToAppend & { streamName: string };

const moment = (slot: number) =>
  // Slots 0–5 on one day, 6–11 on the next: daily rows move between days.
  new Date(Date.UTC(2024, 5, 26 + Math.floor(slot / 6), 23, 59, 54 + (slot % 6))).toISOString();

const anEvent = fc.record({
  payment: fc.constantFrom('pi_1', 'pi_2', 'pi_3'),
  status: fc.constantFrom(...PAYMENT_STATUSES),
  slot: fc.integer({ min: 0, max: 11 }),
  amount: fc.integer({ min: 1, max: 5000 }),
  refund: fc.option(fc.constantFrom('re_1', 're_2', 're_3'), { nil: null }),
  refundedAmount: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
  orderId: fc.option(fc.constantFrom('ord_1', 'ord_2'), { nil: null }),
  currency: fc.constantFrom('USD', 'USD', 'EUR'),
  dispute: fc.option(
    fc.record({
      id: fc.constantFrom('dp_1', 'dp_2'),
      outcome: fc.constantFrom('open' as const, 'won' as const, 'lost' as const),
    }),
    { nil: null },
  ),
});

/** Events of up to three payments, across two orders and two days, all valid. */
const aWorld = fc.array(anEvent, { minLength: 1, maxLength: 14 }).map((specs) =>
  specs.map((spec, index): Appendable =>
    aPaymentEvent({
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      paymentId: spec.payment,
      status: spec.status,
      occurredAt: moment(spec.slot),
      amount: spec.amount,
      refundId: spec.refund,
      refundedAmount: spec.refundedAmount,
      orderId: spec.orderId,
      currency: spec.currency,
      ...(spec.status === 'disputed' && spec.dispute ? { dispute: spec.dispute } : {}),
    }),
  ),
);

/** What a projection's documents say, apart from the log positions they were written at. */
function bodies(
  definition: (typeof BUILT_IN_PROJECTIONS)[number],
  events: readonly RecordedEvent[],
) {
  const documents = [...foldEvents(definition, events)]
    .map(([key, { body }]) => [key, body] as const)
    // A row whose payments all moved to another day keeps count 0 and says nothing.
    .filter(([, body]) => body['count'] !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(documents);
}

describe('every projection, as a function of the set of events', function () {
  for (const definition of BUILT_IN_PROJECTIONS) {
    context(`for ${definition.name}`, function () {
      it('gives the same documents for any arrival order', function () {
        fc.assert(
          fc.property(
            aWorld.chain((events) =>
              fc.tuple(
                fc.constant(events),
                fc.shuffledSubarray(events, { minLength: events.length }),
              ),
            ),
            ([events, arrived]) => {
              expect(bodies(definition, recordInOrder(arrived))).to.deep.equal(
                bodies(definition, recordInOrder(events)),
              );
            },
          ),
          { numRuns: 300 },
        );
      });

      it('gives the same documents, positions included, when events are applied again', function () {
        fc.assert(
          fc.property(
            aWorld.chain((events) =>
              fc.tuple(fc.constant(events), fc.array(fc.nat(events.length - 1), { maxLength: 6 })),
            ),
            ([events, replays]) => {
              const recorded = recordInOrder(events);
              const replayed = [...recorded];
              // A replay re-applies an event already recorded, at its own position, later on.
              for (const index of replays) {
                const event = recorded[index];
                if (!event) continue;
                const at =
                  replayed.indexOf(event) +
                  1 +
                  ((index * 7) % (replayed.length - replayed.indexOf(event)));
                replayed.splice(at, 0, event);
              }
              expect([...foldEvents(definition, replayed)]).to.deep.equal([
                ...foldEvents(definition, recorded),
              ]);
            },
          ),
          { numRuns: 300 },
        );
      });

      it('counts an event stored twice (a redelivery appended again) once', function () {
        fc.assert(
          fc.property(
            aWorld.chain((events) =>
              fc.tuple(fc.constant(events), fc.array(fc.nat(events.length - 1), { maxLength: 4 })),
            ),
            ([events, redelivered]) => {
              const twice = [...events, ...redelivered.flatMap((index) => events[index] ?? [])];
              const without = (documents: Record<string, Readonly<Record<string, unknown>>>) =>
                Object.fromEntries(
                  Object.entries(documents).map(([key, { version: _version, ...rest }]) => [
                    key,
                    rest,
                  ]),
                );
              expect(without(bodies(definition, recordInOrder(twice)))).to.deep.equal(
                without(bodies(definition, recordInOrder(events))),
              );
            },
          ),
          { numRuns: 200 },
        );
      });
    });
  }
});

import { expect } from 'chai';
import { paymentEventId } from '../../src/domain/eventId.js';
import { aGenericPayment } from '../support/builders.js';
import type { EventStoreDbStandIn } from '../support/eventStoreDbStandIn/startEventStoreDbStandIn.js';
import { runSeed, seededRandom } from '../support/seededRandom.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { startAppOnStandIn, type AppOnStandIn } from '../support/startAppOnStandIn.js';
import type { TestApp } from '../support/startApp.js';

type Answer = 503 | 'accepted' | 'duplicate';

interface Delivery {
  readonly id: string;
  readonly body: string;
  readonly answers: Answer[];
}

const WORKERS = 12;
const DELIVERIES_PER_WORKER = 10;

/**
 * Load as gateways send it: workers post their own payments' deliveries concurrently, and retry
 * every 503 with the same delivery, as a gateway does, until it is answered 200.
 */
async function deliverUnderLoad(app: TestApp, onAnswer: (answer: Answer) => void = () => {}) {
  const deliveries: Delivery[] = [];
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      for (let n = 0; n < DELIVERIES_PER_WORKER; n += 1) {
        const id = `msg_${worker}_${n}`;
        const body = JSON.stringify(
          aGenericPayment({
            paymentId: `pay_${worker}_${n % 3}`,
            status: n % 2 ? 'completed' : 'authorized',
            timestamp: new Date(Date.UTC(2024, 5, 26, 11, 0, n)).toISOString(),
          }),
        );
        const delivery: Delivery = { id, body, answers: [] };
        deliveries.push(delivery);
        const headers = signStandardWebhook(body, { id });
        for (let attempt = 0; attempt < 400; attempt += 1) {
          const response = await app.post('/webhooks/generic', body, { ...headers });
          const answer = (await response.json()) as { status?: string; error?: string };
          if (response.status === 503) {
            delivery.answers.push(503);
            onAnswer(503);
            await new Promise((resolve) => setTimeout(resolve, 20));
            continue;
          }
          expect(response.status, `${id}: ${JSON.stringify(answer)}`).to.equal(200);
          delivery.answers.push(answer.status as Answer);
          onAnswer(answer.status as Answer);
          break;
        }
      }
    }),
  );
  return deliveries;
}

async function storedCounts(app: TestApp): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const events = await app.service.eventStore.readAll({
    maxCount: 100_000,
    streamPrefixes: ['payment-generic:'],
  });
  for (const event of events) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
  return counts;
}

function expectEachStoredOnce(deliveries: readonly Delivery[], counts: Map<string, number>) {
  for (const delivery of deliveries) {
    expect(delivery.answers.at(-1), delivery.id).to.be.oneOf(['accepted', 'duplicate']);
    expect(counts.get(paymentEventId('generic', delivery.id)), delivery.id).to.equal(1);
  }
  expect([...counts.values()].reduce((sum, count) => sum + count, 0)).to.equal(deliveries.length);
}

// The read-before-append dedupe against the faults that make it necessary, through the real
// service and the real v6 client on the EventStoreDB stand-in.
describe('The service on EventStoreDB under faults', function () {
  this.timeout(60_000);
  let running: AppOnStandIn;
  let standIn: EventStoreDbStandIn;
  let app: TestApp;

  beforeEach(async function () {
    running = await startAppOnStandIn();
    ({ standIn, app } = running);
  });

  afterEach(async function () {
    await running.stop();
  });

  context('when appends time out after they have committed', function () {
    it('answers 503, recognizes every retry as duplicate, and stores each event once', async function () {
      const seed = runSeed();
      const random = seededRandom(seed);
      standIn.setFaults({ timeoutAfterCommit: () => random() < 0.3 });
      const deliveries = await deliverUnderLoad(app);

      const timedOut = deliveries.filter((delivery) => delivery.answers[0] === 503);
      expect(timedOut.length, `seed ${seed}`).to.be.greaterThan(0);
      for (const delivery of timedOut)
        expect(delivery.answers, `${delivery.id}, seed ${seed}`).to.deep.equal([503, 'duplicate']);
      expectEachStoredOnce(deliveries, await storedCounts(app));
    });
  });

  context('when the node is killed mid-append and comes back not ready', function () {
    it('stores every acknowledged event once and answers the retry of the lost answer duplicate', async function () {
      const seed = runSeed();
      const killAt = 20 + Math.floor(seededRandom(seed)() * 60);
      standIn.setFaults({ killAfterCommit: killAt });
      // Down, then Initializing (nothing served), then PreLeader (reads but no writes), each for
      // a score of refused deliveries, then Leader.
      let restarted: Promise<void> | undefined;
      let refused = 0;
      const deliveries = await deliverUnderLoad(app, (answer) => {
        if (answer !== 503) return;
        refused += 1;
        restarted ??= standIn.start({ holdIn: 'initializing' });
        if (refused === 20) standIn.holdIn('preLeader');
        if (refused === 40) standIn.holdIn('leader');
      });
      await restarted;

      const context = `kill after append ${killAt}, seed ${seed}`;
      expect(refused, context).to.be.at.least(40);
      const lostAnswers = deliveries.filter(
        (delivery) => delivery.answers.includes(503) && delivery.answers.at(-1) === 'duplicate',
      );
      expect(lostAnswers, context).to.have.length.greaterThan(0);
      expectEachStoredOnce(deliveries, await storedCounts(app));
    });
  });
});

import { expect } from 'chai';
import { join } from 'node:path';
import { paymentEventId } from '../../src/domain/eventId.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { sqliteFile } from '../../src/openStores.js';
import { createSqliteReadModelStore } from '../../src/readModels/sqlite/sqliteReadModelStore.js';
import { foldWholeLog, readEverything } from '../support/appendPaymentEvents.js';
import { aGenericPayment } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { runSeed, seededRandom } from '../support/seededRandom.js';
import { GENERIC_SECRET, signStandardWebhook } from '../support/signStandardWebhook.js';
import { spawnService } from '../support/spawnService.js';
import { tempDataDir } from '../support/tempDataDir.js';
import { apiFetch } from '../support/openApi/apiFetch.js';

type Outcome = 'ok' | 'fail' | 'unknown';

async function deliver(url: string, id: string, body: string): Promise<Outcome> {
  try {
    const response = await apiFetch(`${url}/webhooks/generic`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...signStandardWebhook(body, { id }) },
      signal: AbortSignal.timeout(5000),
    });
    await response.arrayBuffer();
    return response.status === 200 ? 'ok' : 'fail';
  } catch {
    return 'unknown';
  }
}

async function headPosition(dir: string): Promise<bigint> {
  const store = createSqliteEventStore({ file: sqliteFile(dir) });
  try {
    const events = await store.readAll({ maxCount: 1_000_000, streamPrefixes: ['payment-'] });
    return events.at(-1)?.position.commit ?? 0n;
  } finally {
    await store.close();
  }
}

describe('The service under SIGKILL', function () {
  this.timeout(60_000);

  it('keeps every acknowledged event exactly once, a resend of the unknown ones stores each once, and the read models equal one fold of the log', async function () {
    const seed = runSeed();
    const random = seededRandom(seed);
    const { dir, remove } = await tempDataDir();
    const env = { DATA_DIR: dir, GENERIC_WEBHOOK_SECRET: GENERIC_SECRET };
    const bodies = new Map<string, string>();
    const outcomes = new Map<string, Outcome>();
    try {
      const service = await spawnService(env);
      const killAfterMs = 300 + Math.floor(random() * 700);
      let killed = false;
      // The kill timer starts at the first acknowledgement, so a slow start on a busy machine
      // cannot leave the run with nothing acknowledged to check.
      let firstAcknowledged!: () => void;
      const firstAcknowledgement = new Promise<void>((resolve) => (firstAcknowledged = resolve));
      const load = Array.from({ length: 16 }, async (_, worker) => {
        for (let n = 0; !killed; n += 1) {
          const id = `msg_${worker}_${n}`;
          const body = JSON.stringify(
            aGenericPayment({
              paymentId: `pay_${worker}_${n % 7}`,
              status: n % 2 ? 'completed' : 'authorized',
            }),
          );
          bodies.set(id, body);
          const outcome = await deliver(service.url, id, body);
          outcomes.set(id, outcome);
          if (outcome === 'ok') firstAcknowledged();
          if (random() < 0.1) await deliver(service.url, id, body);
        }
      });
      await firstAcknowledgement;
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      killed = true;
      await service.kill('SIGKILL');
      await Promise.all(load);

      const countsById = async () => {
        const store = createSqliteEventStore({ file: sqliteFile(dir) });
        try {
          const counts = new Map<string, number>();
          for (const event of await store.readAll({ maxCount: 1_000_000 }))
            counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
          return counts;
        } finally {
          await store.close();
        }
      };
      const afterCrash = await countsById();
      const acknowledged = [...outcomes]
        .filter(([, outcome]) => outcome === 'ok')
        .map(([id]) => id);
      const unknown = [...outcomes].filter(([, outcome]) => outcome !== 'ok').map(([id]) => id);
      const context = `seed ${seed} (replay with SEED=${seed}), ${acknowledged.length} acknowledged, ${unknown.length} unknown`;
      expect(acknowledged.length, context).to.be.greaterThan(0);
      for (const id of acknowledged)
        expect(afterCrash.get(paymentEventId('generic', id)), `${id}, ${context}`).to.equal(1);
      for (const id of unknown)
        expect(
          afterCrash.get(paymentEventId('generic', id)) ?? 0,
          `${id}, ${context}`,
        ).to.be.at.most(1);

      const restarted = await spawnService(env);
      try {
        for (const id of unknown)
          expect(await deliver(restarted.url, id, bodies.get(id)!), `${id}, ${context}`).to.equal(
            'ok',
          );
        const lastPosition = await headPosition(dir);
        await eventually(async () => {
          const ready = (await (await apiFetch(`${restarted.url}/readyz`)).json()) as {
            checks: { projections?: { position: string | null } };
          };
          const position = ready.checks.projections?.position;
          return position !== null && position !== undefined && BigInt(position) >= lastPosition
            ? true
            : undefined;
        }, 20_000);
      } finally {
        await restarted.kill('SIGTERM');
      }
      const eventStore = createSqliteEventStore({ file: sqliteFile(dir) });
      const readModels = createSqliteReadModelStore({ file: sqliteFile(dir) });
      try {
        expect(
          await readEverything(readModels),
          `read models vs one fold of the log, ${context}`,
        ).to.deep.equal(await foldWholeLog(eventStore));
      } finally {
        await readModels.close();
        await eventStore.close();
      }
      const afterResend = await countsById();
      for (const id of outcomes.keys())
        expect(afterResend.get(paymentEventId('generic', id)), `${id}, ${context}`).to.equal(1);
      expect(
        [...afterResend.values()].reduce((a, b) => a + b, 0),
        context,
      ).to.equal(outcomes.size);
    } finally {
      await remove();
    }
  });
});

describe('A second process on the same data directory', function () {
  this.timeout(30_000);

  it('sees every event the first acknowledged, while the first keeps running', async function () {
    const { dir, remove } = await tempDataDir();
    const service = await spawnService({ DATA_DIR: dir, GENERIC_WEBHOOK_SECRET: GENERIC_SECRET });
    try {
      const ids = Array.from({ length: 40 }, (_, n) => `msg_second_${n}`);
      const outcomes = await Promise.all(
        ids.map((id) => deliver(service.url, id, JSON.stringify(aGenericPayment()))),
      );
      expect(outcomes).to.deep.equal(Array(40).fill('ok'));

      const reader = createSqliteEventStore({ file: join(dir, 'payledger.sqlite') });
      try {
        const seen = (await reader.readAll({ maxCount: 1000 })).map((event) => event.id);
        expect(seen).to.have.members(ids.map((id) => paymentEventId('generic', id)));
      } finally {
        await reader.close();
      }
    } finally {
      await service.kill('SIGTERM');
      await remove();
    }
  });
});

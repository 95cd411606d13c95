import { expect } from 'chai';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nextChainValues, withChainValues } from '../../src/audit/chain/chainEvent.js';
import type { JsonObject, PaymentEvent } from '../../src/domain/paymentEvent.js';
import { createSqliteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { appendPaymentEvent } from '../../src/webhooks/appendPaymentEvent.js';
import { aDigestedLog } from '../support/auditFixture.js';
import { brokenPlaces, runPayledger } from '../support/captureCli.js';
import { aPaymentEvent } from '../support/paymentEvents.js';
import { tempDataDir } from '../support/tempDataDir.js';

const A = 'payment-generic:pay_verify_a';
const B = 'payment-generic:pay_verify_b';
const C = 'payment-generic:pay_verify_c';

describe('payledger verify', function () {
  this.timeout(30_000);
  let log: Awaited<ReturnType<typeof aDigestedLog>>;
  let copy: Awaited<ReturnType<typeof log.copy>>;

  before(async function () {
    log = await aDigestedLog(['pay_verify_a', 'pay_verify_b', 'pay_verify_c']);
  });
  after(async function () {
    await log.remove();
  });
  beforeEach(async function () {
    copy = await log.copy();
  });
  afterEach(async function () {
    await copy.remove();
  });

  const verify = (...args: string[]) => runPayledger(['verify', ...args], { DATA_DIR: copy.dir });
  const tamper = (sql: string, ...params: unknown[]) => {
    const db = copy.database();
    db.prepare(sql).run(...params);
    db.close();
  };

  context('when the log is as the service appended it', function () {
    it('exits 0 and says intact, also against the saved digest', async function () {
      const plain = await verify();
      const withDigest = await verify('--digest', log.digestFile);

      expect(plain.code).to.equal(0);
      expect(plain.out).to.match(/^intact \(12 events in 3 payment streams, /m);
      expect(withDigest.code).to.equal(0);
      expect(withDigest.out).to.include('checked against digest #0 of');
    });
  });

  context('when someone edits the stored events in the SQLite file', function () {
    it('names an event whose data was edited as altered', async function () {
      tamper(
        "UPDATE events SET data = json_set(data, '$.amount', 1) WHERE stream_name = ? AND revision = 2",
        B,
      );
      const result = await verify();

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.deep.equal([`${B} 2 altered`]);
      const db = copy.database();
      const { event_id: eventId } = db
        .prepare('SELECT event_id FROM events WHERE stream_name = ? AND revision = 2')
        .get(B) as { event_id: string };
      db.close();
      expect(result.out).to.include(`${B} revision 2 (event ${eventId}): altered:`);
      expect(result.out).to.match(/^broken: 1 problem in the store/m);
    });

    it('names a deleted event as missing', async function () {
      tamper('DELETE FROM events WHERE stream_name = ? AND revision = 1', A);
      const result = await verify();

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.deep.equal([`${A} 1 missing`]);
    });

    it('names two swapped events as reordered', async function () {
      const db = copy.database();
      db.transaction(() => {
        db.prepare('UPDATE events SET revision = -1 WHERE stream_name = ? AND revision = 1').run(C);
        db.prepare('UPDATE events SET revision = 1 WHERE stream_name = ? AND revision = 2').run(C);
        db.prepare('UPDATE events SET revision = 2 WHERE stream_name = ? AND revision = -1').run(C);
      })();
      db.close();
      const result = await verify();

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.deep.equal([`${C} 1 reordered`, `${C} 2 reordered`]);
    });

    it('checks only the named payment with --payment', async function () {
      tamper(
        "UPDATE events SET data = json_set(data, '$.status', 'failed') WHERE stream_name = ? AND revision = 0",
        A,
      );

      const broken = await verify('--payment', 'generic:pay_verify_a');
      const other = await verify('--payment', 'generic:pay_verify_b');

      expect(broken.code).to.equal(1);
      expect(brokenPlaces(broken.out)).to.deep.equal([`${A} 0 altered`]);
      expect(other.code).to.equal(0);
    });
  });

  context('when someone strips the chain values from every event of a stream', function () {
    const strip = (stream: string) => {
      tamper(
        "UPDATE events SET metadata = json_remove(metadata, '$.chain') WHERE stream_name = ?",
        stream,
      );
    };

    it('names each of its events as inserted, not as written before chaining', async function () {
      strip(B);
      const result = await verify();

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.deep.equal([0, 1, 2, 3].map((r) => `${B} ${r} inserted`));
      expect(result.out).to.include(
        'it has no chain values although it was recorded after chaining had begun',
      );
      expect(result.out).to.not.include('written before chaining (no chain values)');
    });

    it('names a stripped event recorded after the first digest with --payment too', async function () {
      const store = createSqliteEventStore({ file: join(copy.dir, 'payledger.sqlite') });
      const { streamName, ...event } = aPaymentEvent({
        gateway: 'generic',
        paymentId: 'pay_later',
      });
      await appendPaymentEvent(store, streamName, event as unknown as PaymentEvent);
      await store.close();
      strip(streamName);

      const result = await verify('--payment', 'generic:pay_later');

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.deep.equal([`${streamName} 0 inserted`]);
    });
  });

  context('when --payment names a stream with no events', function () {
    it('exits 2 saying so, rather than intact, unless a saved digest says it existed (exit 1, missing)', async function () {
      tamper('DELETE FROM events WHERE stream_name = ?', C);

      const unknown = await verify('--payment', 'generic:pay_never_seen');
      const gone = await verify('--payment', 'generic:pay_verify_c', '--digest', log.digestFile);
      const allowed = await verify('--payment', 'generic:pay_never_seen', '--allow-empty');

      expect(unknown.code).to.equal(2);
      expect(unknown.out).to.equal('');
      expect(unknown.err).to.equal(
        `payledger verify: no events in payment-generic:pay_never_seen (${join(copy.dir, 'payledger.sqlite')}; is the payment id right?), so nothing was checked; pass --allow-empty if none are expected\n`,
      );
      expect(gone.code).to.equal(1);
      expect(brokenPlaces(gone.out)).to.deep.equal([`${C} 0 missing`]);
      expect(allowed.code).to.equal(0);
      expect(allowed.out).to.equal('intact (0 events in payment-generic:pay_never_seen)\n');
    });

    it('exits 2 for a gateway payledger does not have', async function () {
      const result = await verify('--payment', 'nope:pay_1');

      expect(result.code).to.equal(2);
      expect(result.err).to.match(
        /^payledger verify: --payment: "nope" is not a gateway; one of stripe, razorpay, ippopay, generic; run/,
      );
    });
  });

  context('when the tampering leaves every chain whole', function () {
    it('finds a deleted last event and a deleted stream only with the saved digest', async function () {
      tamper('DELETE FROM events WHERE stream_name = ? AND revision = 3', A);
      tamper('DELETE FROM events WHERE stream_name = ?', C);

      const plain = await verify();
      const withDigest = await verify('--digest', log.digestFile);

      expect(plain.code).to.equal(0);
      expect(withDigest.code).to.equal(1);
      expect(brokenPlaces(withDigest.out)).to.deep.equal([`${A} 3 missing`, `${C} 0 missing`]);
      expect(withDigest.out).to.include('the whole stream (revisions 0–3, in digest #0) is gone');
    });

    it('finds an edited event whose chain was recomputed, with the saved digest', async function () {
      const db = copy.database();
      const rows = db
        .prepare<
          [string],
          { revision: number; event_id: string; type: string; data: string; metadata: string }
        >(
          'SELECT revision, event_id, type, data, metadata FROM events WHERE stream_name = ? ORDER BY revision',
        )
        .all(B);
      const rechained: { id: string; type: string; data: JsonObject; metadata: JsonObject }[] = [];
      for (const row of rows) {
        const data = JSON.parse(row.data) as JsonObject;
        if (row.revision === 1) data['amount'] = 5;
        const { chain: _chain, ...metadata } = JSON.parse(row.metadata) as JsonObject;
        const event = { id: row.event_id, type: row.type, data, metadata };
        const chain = nextChainValues(B, rechained, event);
        rechained.push({ ...event, metadata: withChainValues(metadata, chain) });
        db.prepare(
          'UPDATE events SET data = ?, metadata = ? WHERE stream_name = ? AND revision = ?',
        ).run(JSON.stringify(data), JSON.stringify(rechained.at(-1)?.metadata), B, row.revision);
      }
      db.close();

      const plain = await verify();
      const withDigest = await verify('--digest', log.digestFile);

      expect(plain.code).to.equal(0);
      expect(brokenPlaces(withDigest.out)).to.deep.equal([`${B} 3 altered`]);
    });

    it('names a digest stream that no longer holds the saved digest', async function () {
      tamper("DELETE FROM events WHERE stream_name = 'audit-digests'");
      const result = await verify('--digest', log.digestFile);

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.deep.equal(['audit-digests 0 missing']);
    });

    it('refuses a saved digest that was edited', async function () {
      const edited = join(copy.dir, 'edited.json');
      await writeFile(
        edited,
        JSON.stringify({ digest: { ...log.digest, body: { ...log.digest.body, streams: 2 } } }),
      );
      const result = await verify('--digest', edited);

      expect(result.code).to.equal(1);
      expect(brokenPlaces(result.out)).to.deep.equal(['audit-digests 0 altered']);
    });
  });

  context('when the auditor pins the signing key with --public-key', function () {
    it('accepts a digest signed by that key and refuses one unsigned or signed by another', async function () {
      const keys = await tempDataDir();
      const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
      const signing = generateKeyPairSync('ed25519');
      const other = generateKeyPairSync('ed25519');
      const keyFile = join(keys.dir, 'signing.pem');
      await writeFile(keyFile, signing.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      await writeFile(join(keys.dir, 'trusted.pem'), pem(signing.publicKey));
      await writeFile(join(keys.dir, 'other.pem'), pem(other.publicKey));
      const signed = await aDigestedLog(['pay_signed'], { AUDIT_SIGNING_KEY_FILE: keyFile });
      try {
        const run = (digest: string, key: string) =>
          runPayledger(['verify', '--digest', digest, '--public-key', join(keys.dir, key)], {
            DATA_DIR: signed.dataDir,
          });

        const trusted = await run(signed.digestFile, 'trusted.pem');
        const wrongKey = await run(signed.digestFile, 'other.pem');
        const unsigned = await run(log.digestFile, 'trusted.pem');

        expect(trusted.code, trusted.out).to.equal(0);
        expect(trusted.out).to.include(`signed by ${signed.digest.signature?.keyId ?? '?'}`);
        expect(wrongKey.code).to.equal(1);
        expect(wrongKey.out).to.include('not by the trusted key');
        expect(brokenPlaces(unsigned.out)[0]).to.equal('audit-digests 0 altered');
        expect(unsigned.out).to.include('the saved digest is not signed');
      } finally {
        await signed.remove();
        await keys.remove();
      }
    });
  });

  context('when SIGINT or SIGTERM stops the run', function () {
    it('exits 130 saying interrupted, for verify and for an export, which leaves no file', async function () {
      const interrupted = new AbortController();
      interrupted.abort('SIGINT');
      const out = join(copy.dir, 'export.ndjson');

      const verified = await runPayledger(['verify'], { DATA_DIR: copy.dir }, interrupted.signal);
      const exported = await runPayledger(
        ['export', '--format', 'ndjson', '--out', out],
        { DATA_DIR: copy.dir },
        interrupted.signal,
      );

      expect([verified.code, verified.out, verified.err]).to.deep.equal([
        130,
        '',
        'payledger verify: interrupted\n',
      ]);
      expect([exported.code, exported.err]).to.deep.equal([130, 'payledger export: interrupted\n']);
      expect(existsSync(out) || existsSync(`${out}.partial`)).to.equal(false);
    });
  });

  context('when --file names something that cannot be read as a file', function () {
    it('exits 2 (could not check) naming it, not 1 (broken)', async function () {
      const result = await verify('--file', copy.dir);

      expect(result.code).to.equal(2);
      expect(result.out).to.equal('');
      expect(result.err).to.equal(
        `payledger verify: cannot read ${copy.dir}: EISDIR: illegal operation on a directory, read\n`,
      );
    });
  });

  context('when the arguments are wrong', function () {
    it('exits 2 with one line for a malformed --payment or a missing digest file', async function () {
      const payment = await verify('--payment', 'nocolon');
      const missing = await verify('--digest', join(copy.dir, 'nothing.json'));

      expect(payment.code).to.equal(2);
      expect(payment.err).to.match(/^payledger verify: --payment takes GATEWAY:ID.*\n$/);
      expect(missing.code).to.equal(2);
      expect(missing.err).to.include('no such file');
    });
  });
});

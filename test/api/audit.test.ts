import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SignedDigest } from '../../src/audit/digest/digestRecord.js';
import { verifyDigestSignature } from '../../src/audit/digest/digestSigning.js';
import { rootFromProof } from '../../src/audit/digest/merkleTree.js';
import { CSV_COLUMNS } from '../../src/audit/export/exportFormats.js';
import { checkAgainstSchema } from '../support/openApi/openApiValidator.js';
import { ConfigError } from '../../src/config/configError.js';
import { aGenericPayment } from '../support/builders.js';
import { runPayledger } from '../support/captureCli.js';
import { eventually } from '../support/eventually.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import {
  ADMIN_TOKEN,
  ANALYST_TOKEN,
  AUDITOR_TOKEN,
  startApp,
  type TestApp,
} from '../support/startApp.js';
import { tempDataDir } from '../support/tempDataDir.js';

interface DigestAnswer {
  digest: SignedDigest;
  howToCheck: string[];
  proof?: {
    leaf: { stream: string; revision: string; hash: string };
    index: number;
    path: { side: 'left' | 'right'; hash: string }[];
  } | null;
}

async function deliver(app: TestApp, paymentId: string, status = 'completed') {
  const body = JSON.stringify(aGenericPayment({ paymentId, status }));
  const response = await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });
  expect(response.status).to.equal(200);
}

describe('GET /audit/digest', function () {
  this.timeout(20_000);
  let app: TestApp;
  let keys: { dir: string; remove: () => Promise<void> };
  let publicKeyPem: string;

  before(async function () {
    keys = await tempDataDir();
    const pair = generateKeyPairSync('ed25519');
    publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const keyFile = join(keys.dir, 'audit.pem');
    await writeFile(keyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    app = await startApp({ AUDIT_DIGEST_INTERVAL_SECONDS: '1', AUDIT_SIGNING_KEY_FILE: keyFile });
  });

  after(async function () {
    await app.stop();
    await keys.remove();
  });

  it('answers 404 digest_not_found before the first digest', async function () {
    const response = await app.get('/audit/digest', AUDITOR_TOKEN);

    expect(response.status).to.equal(404);
    expect(await response.json()).to.deep.include({ error: 'digest_not_found' });
  });

  it('appends a signed digest by itself once payments arrive, and a proof per payment', async function () {
    for (const id of ['pay_dg_1', 'pay_dg_2', 'pay_dg_3']) await deliver(app, id);
    await deliver(app, 'pay_dg_2', 'refunded');

    const answer = await eventually(async () => {
      const response = await app.get('/audit/digest?payment=generic:pay_dg_2', AUDITOR_TOKEN);
      if (response.status !== 200) return undefined;
      const body = (await response.json()) as DigestAnswer;
      return body.digest.body.events === 4 ? body : undefined;
    });

    expect(answer.digest.body).to.deep.include({ version: 1, streams: 3, events: 4 });
    expect(answer.digest.signature?.publicKey).to.equal(publicKeyPem);
    expect(verifyDigestSignature(answer.digest.body, answer.digest.signature!)).to.equal(true);
    expect(answer.proof?.leaf).to.deep.include({
      stream: 'payment-generic:pay_dg_2',
      revision: '1',
    });
    const { leaf, path } = answer.proof!;
    expect(rootFromProof({ ...leaf, revision: BigInt(leaf.revision) }, path)).to.equal(
      answer.digest.body.root,
    );
    expect(answer.howToCheck.join(' ')).to.include('payledger verify --digest');
  });

  it('appends nothing new while the log does not move', async function () {
    const digester = app.service.digester!;
    await eventually(async () => ((await digester.digestNow()) === undefined ? true : undefined));

    expect(await digester.digestNow()).to.equal(undefined);
  });

  it('gives admins the digest, answers 403 to analysts and 400 to a malformed payment', async function () {
    expect((await app.get('/audit/digest', ADMIN_TOKEN)).status).to.equal(200);
    expect((await app.get('/audit/digest', ANALYST_TOKEN)).status).to.equal(403);
    const bad = await app.get('/audit/digest?payment=no-colon', AUDITOR_TOKEN);
    expect(bad.status).to.equal(400);
    expect(await bad.json()).to.deep.include({ error: 'invalid_query' });
  });

  it('answers with no proof for a payment the digest does not cover', async function () {
    const response = await app.get('/audit/digest?payment=generic:pay_unknown', AUDITOR_TOKEN);

    expect(((await response.json()) as DigestAnswer).proof).to.equal(null);
  });
});

describe('AUDIT_SIGNING_KEY_FILE', function () {
  it('stops start-up with a ConfigError naming the variable when the key is not Ed25519', async function () {
    const { dir, remove } = await tempDataDir();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const keyFile = join(dir, 'rsa.pem');
    await writeFile(keyFile, rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    try {
      const error = await startApp({ AUDIT_SIGNING_KEY_FILE: keyFile }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as ConfigError).problems[0]?.variable).to.equal('AUDIT_SIGNING_KEY_FILE');
    } finally {
      await remove();
    }
  });
});

describe('GET /audit/export', function () {
  this.timeout(20_000);
  let app: TestApp;

  before(async function () {
    app = await startApp({ AUDIT_DIGEST_INTERVAL_SECONDS: '0' });
    await deliver(app, 'pay_ex_1', 'authorized');
    await deliver(app, 'pay_ex_1');
    await deliver(app, 'pay_ex_2');
  });

  after(async function () {
    await app.stop();
  });

  it('streams a header, every payment event with its chain values, the stream heads and a trailer as NDJSON', async function () {
    const response = await app.get('/audit/export?format=ndjson', AUDITOR_TOKEN);

    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/x-ndjson');
    const [header, ...rest] = (await response.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const trailer = rest.pop();
    const events = rest.slice(0, 3) as {
      stream: string;
      revision: string;
      metadata: { chain: { prev: string; hash: string } };
    }[];
    const heads = rest.slice(3) as { exportHead: Record<string, unknown> }[];

    expect(header).to.deep.include({
      payledgerExport: {
        version: 1,
        exportedAt: (header?.['payledgerExport'] as { exportedAt: string }).exportedAt,
        filter: {},
        chainedSince: null,
      },
    });
    expect(events.map((l) => [l.stream, l.revision])).to.deep.equal([
      ['payment-generic:pay_ex_1', '0'],
      ['payment-generic:pay_ex_1', '1'],
      ['payment-generic:pay_ex_2', '0'],
    ]);
    expect(events[1]?.metadata.chain.prev).to.equal(events[0]?.metadata.chain.hash);
    expect(heads).to.deep.equal([
      {
        exportHead: {
          stream: 'payment-generic:pay_ex_1',
          firstRevision: '0',
          revision: '1',
          hash: events[1]?.metadata.chain.hash,
          events: 2,
        },
      },
      {
        exportHead: {
          stream: 'payment-generic:pay_ex_2',
          firstRevision: '0',
          revision: '0',
          hash: events[2]?.metadata.chain.hash,
          events: 1,
        },
      },
    ]);
    expect(trailer).to.have.keys('payledgerExportEnd');
    expect(trailer?.['payledgerExportEnd']).to.deep.include({ events: 3, streams: 2 });
    expect(
      [header, ...events, ...heads, trailer].flatMap((line) =>
        checkAgainstSchema('ExportLine', line),
      ),
    ).to.deep.equal([]);
  });

  it('streams CSV, filtered by gateway and recorded time', async function () {
    const all = await app.get('/audit/export?format=csv&gateway=generic', AUDITOR_TOKEN);
    const none = await app.get('/audit/export?format=csv&from=2999-01-01', ADMIN_TOKEN);

    expect(all.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    const rows = (await all.text()).split('\r\n').slice(0, -1);
    expect(rows).to.have.length(5);
    expect(rows.at(-1)).to.match(
      /^# end of export,{21}"{""payledgerExportEnd"":{""events"":3,""streams"":2,/,
    );
    const [columns, end, ...others] = (await none.text()).split('\r\n');
    expect(columns).to.equal(CSV_COLUMNS.join(','));
    expect(end).to.match(
      /^# end of export,.*""events"":0,.*""filter"":{""from"":""2999-01-01T00:00:00.000Z""}/,
    );
    expect(others).to.deep.equal(['']);
  });

  it('sends what payledger export writes, which verify --file finds intact', async function () {
    const file = join(app.dataDir, 'downloaded.ndjson');
    await writeFile(file, await (await app.get('/audit/export', AUDITOR_TOKEN)).text());
    const written = await runPayledger(['export', '--format', 'ndjson'], { DATA_DIR: app.dataDir });
    const verified = await runPayledger(['verify', '--file', file], {});

    const withoutTime = (text: string) => text.replace(/"exportedAt":"[^"]+"/g, '');
    expect(withoutTime(await readFile(file, 'utf8'))).to.equal(withoutTime(written.out));
    expect(verified.code, verified.out).to.equal(0);
    expect(verified.out).to.match(/^intact \(3 events in 2 payment streams/m);
  });

  it('answers 400 invalid_query for an unknown format and 403 to analysts', async function () {
    const bad = await app.get('/audit/export?format=xml', AUDITOR_TOKEN);

    expect(bad.status).to.equal(400);
    expect(await bad.json()).to.deep.include({ error: 'invalid_query' });
    expect((await app.get('/audit/export', ANALYST_TOKEN)).status).to.equal(403);
  });
});

import { expect } from 'chai';
import { connect } from 'node:net';
import { aGenericPayment } from '../support/builders.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { startApp, type TestApp } from '../support/startApp.js';

describe('POST /webhooks/:gateway with a body slower than REQUEST_TIMEOUT_SECONDS', function () {
  let app: TestApp;

  beforeEach(async function () {
    app = await startApp({ REQUEST_TIMEOUT_SECONDS: '1' });
  });

  afterEach(async function () {
    await app.stop();
  });

  it('answers 408 and stores nothing', async function () {
    const { port } = new URL(app.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write(
      'POST /webhooks/generic HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"event":',
    );
    const answer = await new Promise<string>((resolve) => {
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      socket.on('close', () => {
        resolve(received);
      });
    });

    expect(answer).to.match(/^HTTP\/1\.1 408 /);
    expect(await app.service.eventStore.readAll({ maxCount: 10 })).to.deep.equal([]);
  });
});

describe('POST /webhooks/:gateway from a client that hangs up mid-body', function () {
  let app: TestApp;

  beforeEach(async function () {
    app = await startApp();
  });

  afterEach(async function () {
    await app.stop();
  });

  it('stores nothing of the cut body and goes on answering others', async function () {
    const { port } = new URL(app.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => {
      socket.write(
        'POST /webhooks/generic HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"event":',
        () => {
          resolve();
        },
      );
    });
    socket.destroy();
    const body = JSON.stringify(aGenericPayment());
    const next = await app.post('/webhooks/generic', body, { ...signStandardWebhook(body) });

    expect(next.status).to.equal(200);
    expect(await app.service.eventStore.readAll({ maxCount: 10 })).to.have.length(1);
  });
});

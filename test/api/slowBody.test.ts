import { expect } from 'chai';
import { connect } from 'node:net';
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

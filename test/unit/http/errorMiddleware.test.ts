import { expect } from 'chai';
import Koa from 'koa';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMiddleware, SIGNATURE_REFUSALS_LOGGED } from '../../../src/http/errorMiddleware.js';
import { createLogger } from '../../../src/observability/logger.js';
import {
  InvalidSignatureError,
  UnsupportedMediaTypeError,
} from '../../../src/webhooks/webhookErrors.js';

describe('errorMiddleware', function () {
  let server: Server;
  let url: string;
  let nowMs: number;
  let lines: Record<string, unknown>[];

  beforeEach(async function () {
    nowMs = 0;
    lines = [];
    const app = new Koa();
    app.use(
      errorMiddleware(
        createLogger('info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
        { now: () => nowMs },
      ),
    );
    app.use((ctx) => {
      if (ctx.path === '/forged') throw new InvalidSignatureError('no signature matches');
      throw new UnsupportedMediaTypeError('text/plain');
    });
    server = createServer((request, response) => {
      void app.callback()(request, response);
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async function () {
    await new Promise((resolve) => server.close(resolve));
  });

  // A bare Koa app, not the service, so no OpenAPI document applies: plain node:http requests.
  const status = (path: string) =>
    new Promise<number | undefined>((resolve, reject) => {
      get(`${url}${path}`, (response) => {
        response.resume();
        response.on('end', () => {
          resolve(response.statusCode);
        });
      }).on('error', reject);
    });
  const refuse = async (times: number, path = '/forged') => {
    for (let i = 0; i < times; i += 1) {
      expect(await status(path)).to.equal(path === '/forged' ? 401 : 415);
    }
  };

  context('when signatures are refused faster than they are logged', function () {
    it('answers every one 401 but logs a burst, then says how many it left out', async function () {
      const { burst } = SIGNATURE_REFUSALS_LOGGED;
      await refuse(burst + 5);
      nowMs += 1000;
      await refuse(1);

      const refusals = lines.filter((line) => line['code'] === 'invalid_signature');
      expect(refusals).to.have.length(burst + 1);
      expect(refusals.at(-1)).to.include({ reason: 'no signature matches', notLoggedBefore: 5 });
      expect(refusals.slice(0, burst).some((line) => 'notLoggedBefore' in line)).to.equal(false);
    });

    it('logs every other error whatever the refusals used up', async function () {
      await refuse(SIGNATURE_REFUSALS_LOGGED.burst + 1);
      await refuse(3, '/other');

      expect(lines.filter((line) => line['code'] === 'unsupported_media_type')).to.have.length(3);
    });
  });
});

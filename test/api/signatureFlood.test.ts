import { expect } from 'chai';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { startApp, type TestApp } from '../support/startApp.js';

describe('Forged deliveries', function () {
  let app: TestApp;
  const parsedTexts: string[] = [];
  const originalParse = JSON.parse;

  beforeEach(async function () {
    app = await startApp();
    // Records what the process parses while a forged flood is answered.
    JSON.parse = ((text: string, reviver?: Parameters<typeof originalParse>[1]) => {
      parsedTexts.push(text);
      return originalParse(text, reviver) as unknown;
    }) as typeof JSON.parse;
  });

  afterEach(async function () {
    JSON.parse = originalParse;
    parsedTexts.length = 0;
    await app.stop();
  });

  it('are answered 401 without their body ever reaching the JSON parser', async function () {
    const marker = 'forged-body-marker';
    const pathological = `{"${marker}":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const bodies = [pathological, `{"${marker}":1}`, `{"${marker}":"not really json`];
    const responses = await Promise.all(
      bodies.map((body) =>
        app.post('/webhooks/generic', body, {
          ...signStandardWebhook(body, {
            secret: 'whsec_c2Vjb25kLXNlY3JldC1rZXktMDEyMzQ1Njc4OQ==',
          }),
        }),
      ),
    );

    expect(responses.map((r) => r.status)).to.deep.equal([401, 401, 401]);
    expect(parsedTexts.filter((text) => text.includes(marker))).to.deep.equal([]);
    expect(await app.service.eventStore.readAll({ maxCount: 10 })).to.deep.equal([]);
  });
});

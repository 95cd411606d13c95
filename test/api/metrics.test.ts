import { expect } from 'chai';
import { aGenericPayment } from '../support/builders.js';
import { signStandardWebhook } from '../support/signStandardWebhook.js';
import { startApp, type TestApp } from '../support/startApp.js';

describe('GET /metrics', function () {
  let app: TestApp;

  beforeEach(async function () {
    app = await startApp();
  });

  afterEach(async function () {
    await app.stop();
  });

  it('counts webhooks by gateway and outcome and times appends, in Prometheus text format', async function () {
    const body = JSON.stringify(aGenericPayment());
    const headers = signStandardWebhook(body);
    await app.post('/webhooks/generic', body, { ...headers });
    await app.post('/webhooks/generic', body, { ...headers });
    await app.post('/webhooks/generic', body);
    await app.post('/webhooks/nope', body);

    const response = await app.get('/metrics');
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).to.include('payledger_webhooks_total{gateway="generic",outcome="accepted"} 1\n');
    expect(text).to.include('payledger_webhooks_total{gateway="generic",outcome="duplicate"} 1\n');
    expect(text).to.include(
      'payledger_webhooks_total{gateway="generic",outcome="invalid_signature"} 1\n',
    );
    expect(text).to.include(
      'payledger_webhooks_total{gateway="unknown",outcome="unknown_gateway"} 1\n',
    );
    expect(text).to.include('payledger_event_append_seconds_count 1\n');
    expect(text).to.match(/^payledger_process_resident_memory_bytes \d+/m);
  });
});

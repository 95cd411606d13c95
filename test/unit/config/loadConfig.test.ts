import { expect } from 'chai';
import { loadConfig } from '../../../src/config/loadConfig.js';
import { ConfigError } from '../../../src/config/configError.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.variable);
  }
  return expect.fail('the configuration was accepted');
};

describe('loadConfig', function () {
  it('gives DESIGN.md defaults for an empty environment', function () {
    expect(loadConfig({})).to.deep.include({
      port: 3000,
      host: '127.0.0.1',
      dataDir: './data',
      eventStoreUrl: undefined,
      mongodbUrl: undefined,
      mongodbDb: 'payledger',
      ippopay: undefined,
      apiKeys: [],
      webhookToleranceSeconds: 300,
      maxBodyBytes: 1048576,
    });
  });

  it('reads comma-separated secrets as a rotation list, trimming whitespace', function () {
    const config = loadConfig({
      STRIPE_WEBHOOK_SECRET: 'whsec_new, whsec_old\n',
      RAZORPAY_WEBHOOK_SECRET: 'a,b',
    });
    expect(config.secrets.stripe).to.deep.equal(['whsec_new', 'whsec_old']);
    expect(config.secrets.razorpay).to.deep.equal(['a', 'b']);
  });

  it('reads API keys as role:token pairs', function () {
    expect(
      loadConfig({ API_KEYS: 'auditor:aaaaaaaaaaaaaaaa,admin:bbbbbbbbbbbbbbbb' }).apiKeys,
    ).to.deep.equal([
      { role: 'auditor', token: 'aaaaaaaaaaaaaaaa' },
      { role: 'admin', token: 'bbbbbbbbbbbbbbbb' },
    ]);
  });

  it('names every malformed variable at once', function () {
    expect(
      problemsOf({
        PORT: 'eighty',
        STRIPE_WEBHOOK_SECRET: 'sk_live_oops',
        GENERIC_WEBHOOK_SECRET: 'whsec_!!',
        API_KEYS: 'root:short',
        EVENTSTORE_URL: 'http://localhost:2113',
      }),
    ).to.have.members([
      'PORT',
      'STRIPE_WEBHOOK_SECRET',
      'GENERIC_WEBHOOK_SECRET',
      'API_KEYS',
      'EVENTSTORE_URL',
    ]);
  });

  it('runs projections unless PROJECTIONS_ENABLED is false, and refuses other words', function () {
    expect(loadConfig({}).projectionsEnabled).to.equal(true);
    expect(loadConfig({ PROJECTIONS_ENABLED: 'false' }).projectionsEnabled).to.equal(false);
    expect(problemsOf({ PROJECTIONS_ENABLED: 'no' })).to.deep.equal(['PROJECTIONS_ENABLED']);
  });

  context('when EVENTSTORE_URL is set', function () {
    const esdb = { EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' };

    it('takes bodies up to what fits in 1 MiB per append when MAX_BODY_BYTES is unset', function () {
      expect(loadConfig(esdb)).to.deep.include({
        eventStoreMaxAppendBytes: 1_048_576,
        maxBodyBytes: 774_144,
      });
    });

    it('refuses a MAX_BODY_BYTES the server cannot hold, naming both limits', function () {
      try {
        loadConfig({ ...esdb, MAX_BODY_BYTES: '1048576' });
        expect.fail('the configuration was accepted');
      } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        const [problem, ...others] = (error as ConfigError).problems;
        expect(others).to.deep.equal([]);
        expect(problem?.variable).to.equal('MAX_BODY_BYTES');
        expect(problem?.message).to.include('1048576').and.include('774144');
      }
    });

    it('follows EVENTSTORE_MAX_APPEND_BYTES for a server whose MaxAppendSize was raised', function () {
      const config = loadConfig({
        ...esdb,
        EVENTSTORE_MAX_APPEND_BYTES: '4194304',
        MAX_BODY_BYTES: '3000000',
      });
      expect(config).to.deep.include({
        eventStoreMaxAppendBytes: 4_194_304,
        maxBodyBytes: 3_000_000,
      });
      expect(problemsOf({ ...esdb, EVENTSTORE_MAX_APPEND_BYTES: '1000' })).to.deep.equal([
        'EVENTSTORE_MAX_APPEND_BYTES',
      ]);
    });
  });

  it('takes the largest MAX_BODY_BYTES with the embedded store, which holds far more', function () {
    expect(loadConfig({ MAX_BODY_BYTES: String(64 * 1_048_576) }).maxBodyBytes).to.equal(
      64 * 1_048_576,
    );
  });

  it('appends a digest every 60 s unsigned by default, and reads the audit variables', function () {
    expect(loadConfig({}).audit).to.deep.equal({
      digestIntervalSeconds: 60,
      signingKeyFile: undefined,
    });
    expect(
      loadConfig({
        AUDIT_DIGEST_INTERVAL_SECONDS: '0',
        AUDIT_SIGNING_KEY_FILE: '/run/secrets/audit.pem',
      }).audit,
    ).to.deep.equal({ digestIntervalSeconds: 0, signingKeyFile: '/run/secrets/audit.pem' });
    expect(problemsOf({ AUDIT_DIGEST_INTERVAL_SECONDS: 'soon' })).to.deep.equal([
      'AUDIT_DIGEST_INTERVAL_SECONDS',
    ]);
  });

  it('refuses one Ippopay key without the other', function () {
    expect(problemsOf({ IPPOPAY_PUBLIC_KEY: 'pk' })).to.deep.equal(['IPPOPAY_SECRET_KEY']);
  });
});

import { expect } from 'chai';
import { ConfigError } from '../../../src/config/configError.js';
import { loadConfig } from '../../../src/config/loadConfig.js';
import { changedSecretVariables } from '../../../src/config/secretChanges.js';
import { readSecretFiles, SECRET_VARIABLES } from '../../../src/config/secretFiles.js';

const files: Record<string, string> = {
  '/run/secrets/stripe': 'whsec_from_a_file\n',
  '/run/secrets/keys': 'auditor:aaaaaaaaaaaaaaaa\n\n  admin:bbbbbbbbbbbbbbbb  \n',
};
const readFile = (path: string) => {
  const content = files[path];
  if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return content;
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    readSecretFiles(env, readFile);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.variable}: ${p.message}`);
  }
  return [];
}

describe('readSecretFiles', function () {
  it('reads <NAME>_FILE into <NAME>, one list entry per line, trimmed', function () {
    const env = readSecretFiles(
      { STRIPE_WEBHOOK_SECRET_FILE: '/run/secrets/stripe', API_KEYS_FILE: '/run/secrets/keys' },
      readFile,
    );
    expect(env['STRIPE_WEBHOOK_SECRET']).to.equal('whsec_from_a_file');
    expect(loadConfig(env).apiKeys).to.deep.equal([
      { role: 'auditor', token: 'aaaaaaaaaaaaaaaa' },
      { role: 'admin', token: 'bbbbbbbbbbbbbbbb' },
    ]);
  });

  it('covers every secret, store connection strings included', function () {
    expect(SECRET_VARIABLES).to.include.members([
      'STRIPE_WEBHOOK_SECRET',
      'RAZORPAY_WEBHOOK_SECRET',
      'GENERIC_WEBHOOK_SECRET',
      'IPPOPAY_PUBLIC_KEY',
      'IPPOPAY_SECRET_KEY',
      'API_KEYS',
      'MONGODB_URL',
      'EVENTSTORE_URL',
    ]);
  });

  it('names the variable when its file cannot be read, or when both forms are set', function () {
    expect(
      problemsOf({
        RAZORPAY_WEBHOOK_SECRET_FILE: '/run/secrets/missing',
        STRIPE_WEBHOOK_SECRET: 'whsec_direct',
        STRIPE_WEBHOOK_SECRET_FILE: '/run/secrets/stripe',
      }),
    ).to.deep.equal([
      'STRIPE_WEBHOOK_SECRET_FILE: set STRIPE_WEBHOOK_SECRET or STRIPE_WEBHOOK_SECRET_FILE, not both',
      'RAZORPAY_WEBHOOK_SECRET_FILE: cannot read /run/secrets/missing (ENOENT)',
    ]);
  });

  it('leaves an environment without _FILE variables as it is', function () {
    expect(readSecretFiles({ PORT: '3000' }, readFile)).to.deep.equal({ PORT: '3000' });
  });
});

describe('changedSecretVariables', function () {
  it('names the secrets that differ, never their values', function () {
    const before = loadConfig({
      STRIPE_WEBHOOK_SECRET: 'whsec_a',
      API_KEYS: 'auditor:aaaaaaaaaaaaaaaa',
      IPPOPAY_PUBLIC_KEY: 'pk',
      IPPOPAY_SECRET_KEY: 'sk',
    });
    const after = loadConfig({
      STRIPE_WEBHOOK_SECRET: 'whsec_b,whsec_a',
      API_KEYS: 'auditor:aaaaaaaaaaaaaaaa',
      IPPOPAY_PUBLIC_KEY: 'pk',
      IPPOPAY_SECRET_KEY: 'sk2',
    });
    expect(changedSecretVariables(before, after)).to.deep.equal([
      'STRIPE_WEBHOOK_SECRET',
      'IPPOPAY_SECRET_KEY',
    ]);
    expect(changedSecretVariables(after, after)).to.deep.equal([]);
  });
});

describe('loadConfig with a malformed API_KEYS entry', function () {
  it('says which entry is wrong without echoing any of it', function () {
    const token = 'Zq8xLr2TkWm4Yb6N';
    let message = '';
    try {
      loadConfig({ API_KEYS: `${token}, auditor:short` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.include('entry 1 is not role:token');
    expect(message).to.include('entry 2 (auditor) is not role:token');
    expect(message).to.not.include(token.slice(0, 4));
  });
});

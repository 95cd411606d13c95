import { expect } from 'chai';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { open, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { aGenericPayment } from '../support/builders.js';
import {
  GENERIC_SECRET,
  OTHER_GENERIC_SECRET,
  signStandardWebhook,
} from '../support/signStandardWebhook.js';
import { spawnService, type LogEntry, type ServiceProcess } from '../support/spawnService.js';
import { tempDataDir } from '../support/tempDataDir.js';
import { apiFetch } from '../support/openApi/apiFetch.js';

const OLD_TOKEN = 'auditor-token-before-rotation-01';
const NEW_TOKEN = 'auditor-token-after-rotation-002';

type Phase = 'old' | 'both' | 'new';

/** Which secrets and tokens a well-behaved sender and reader use in each phase of a rotation. */
const USES: Readonly<Record<Phase, { secrets: string[]; tokens: string[] }>> = {
  old: { secrets: [GENERIC_SECRET], tokens: [OLD_TOKEN] },
  both: { secrets: [GENERIC_SECRET, OTHER_GENERIC_SECRET], tokens: [OLD_TOKEN, NEW_TOKEN] },
  new: { secrets: [OTHER_GENERIC_SECRET], tokens: [NEW_TOKEN] },
};

const reloaded = (entry: LogEntry) => entry.message === 'SIGHUP: secrets and API keys reloaded';

describe('Secrets rotated with SIGHUP under load', function () {
  this.timeout(60_000);

  it('swaps webhook secrets and API keys without a restart, rejecting no request that matched the old or the new set, and logs only the names of what changed', async function () {
    const { dir, remove } = await tempDataDir();
    const secretFile = join(dir, 'generic-secret');
    const keysFile = join(dir, 'api-keys');
    await writeFile(secretFile, `${GENERIC_SECRET}\n`);
    await writeFile(keysFile, `auditor:${OLD_TOKEN}\n`);
    let service: ServiceProcess | undefined;
    try {
      service = await spawnService({
        DATA_DIR: dir,
        GENERIC_WEBHOOK_SECRET_FILE: secretFile,
        API_KEYS_FILE: keysFile,
        PROJECTIONS_ENABLED: 'false',
      });
      const { url } = service;
      let phase: Phase = 'old';
      let stopped = false;
      const refused: string[] = [];
      const accepted: Record<Phase, number> = { old: 0, both: 0, new: 0 };
      const read: Record<Phase, number> = { old: 0, both: 0, new: 0 };
      let n = 0;

      const send = async () => {
        for (let worker = n++; !stopped; worker += 8) {
          const at = phase;
          const secret = USES[at].secrets[worker % USES[at].secrets.length]!;
          const body = JSON.stringify(aGenericPayment({ paymentId: `pay_rot_${worker % 5}` }));
          const response = await apiFetch(`${url}/webhooks/generic`, {
            method: 'POST',
            body,
            headers: {
              'content-type': 'application/json',
              ...signStandardWebhook(body, { secret }),
            },
          });
          await response.arrayBuffer();
          if (response.status === 200) accepted[at] += 1;
          else
            refused.push(
              `webhook in phase ${at} with secret #${USES[at].secrets.indexOf(secret)}: ${response.status}`,
            );
        }
      };
      const reader = async () => {
        for (let k = 0; !stopped; k += 1) {
          const at = phase;
          const token = USES[at].tokens[k % USES[at].tokens.length]!;
          const response = await apiFetch(`${url}/payments/generic/pay_rot_0/history`, {
            headers: { authorization: `Bearer ${token}` },
          });
          await response.arrayBuffer();
          // 404 until the first delivery of pay_rot_0 is stored: the token was accepted.
          if (response.status !== 200 && response.status !== 404)
            refused.push(`read in phase ${at}: ${response.status}`);
          else read[at] += 1;
        }
      };
      const load = [...Array.from({ length: 6 }, send), reader(), reader()];
      // Each phase lasts until requests begun in it have been answered (a few webhooks and a
      // read), not for a fixed time: on a loaded machine one request can take longer than any
      // fixed window. A refusal ends it at once, for the assertion below to name.
      const progress = async (at: Phase) => {
        const webhooks = accepted[at] + 3;
        const reads = read[at] + 1;
        while (refused.length === 0 && (accepted[at] < webhooks || read[at] < reads))
          await new Promise((resolve) => setTimeout(resolve, 20));
      };
      const rotate = async (secrets: string[], tokens: string[]) => {
        const before = service!.output.length;
        await writeFile(secretFile, `${secrets.join('\n')}\n`);
        await writeFile(keysFile, `${tokens.map((token) => `auditor:${token}`).join('\n')}\n`);
        service!.child.kill('SIGHUP');
        return service!.waitForLog((entry) => reloaded(entry) && service!.output.length > before);
      };

      await progress('old');
      // Add the new secret and key beside the old ones; senders start using the new ones
      // only once the service says it has them.
      const added = await rotate([OTHER_GENERIC_SECRET, GENERIC_SECRET], [NEW_TOKEN, OLD_TOKEN]);
      phase = 'both';
      await progress('both');
      // Senders move to the new secret and key; then the old ones are removed.
      phase = 'new';
      await progress('new');
      const removed = await rotate([OTHER_GENERIC_SECRET], [NEW_TOKEN]);
      await progress('new');
      stopped = true;
      await Promise.all(load);

      expect(refused).to.deep.equal([]);
      expect(added['changed']).to.deep.equal(['GENERIC_WEBHOOK_SECRET', 'API_KEYS']);
      expect(removed['changed']).to.deep.equal(['GENERIC_WEBHOOK_SECRET', 'API_KEYS']);

      const body = JSON.stringify(aGenericPayment());
      const oldSigned = await apiFetch(`${url}/webhooks/generic`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...signStandardWebhook(body) },
      });
      expect(oldSigned.status).to.equal(401);
      const oldToken = await apiFetch(`${url}/payments/generic/pay_rot_0/history`, {
        headers: { authorization: `Bearer ${OLD_TOKEN}` },
      });
      expect(oldToken.status).to.equal(401);

      // A broken file is refused whole: the current secrets stay in use.
      const before = service.output.length;
      await writeFile(keysFile, 'auditor:short\n');
      service.child.kill('SIGHUP');
      const failed = await service.waitForLog(
        (entry) =>
          entry.message === 'SIGHUP: configuration not reloaded; the current secrets stay in use' &&
          service!.output.length > before,
      );
      expect(failed['problems']).to.deep.equal([
        'API_KEYS: entry 1 (auditor) is not role:token with a role of auditor, analyst, admin and a token of at least 16 characters',
      ]);
      const stillNew = await apiFetch(`${url}/payments/generic/pay_rot_0/history`, {
        headers: { authorization: `Bearer ${NEW_TOKEN}` },
      });
      expect(stillNew.status).to.equal(200);

      const log = service.output.join('\n');
      for (const secret of [GENERIC_SECRET, OTHER_GENERIC_SECRET, OLD_TOKEN, NEW_TOKEN])
        expect(log).to.not.include(secret.replace(/^whsec_/, ''));
    } finally {
      await service?.kill('SIGTERM');
      await remove();
    }
  });

  context(
    'when SIGHUP arrives during start-up, while the configuration is being read',
    function () {
      it('neither ends the process nor is lost: the service starts, then reloads', async function () {
        const { dir, remove } = await tempDataDir();
        // A FIFO: whoever reads the keys file waits until this test writes it, so the SIGHUP
        // surely arrives while start-up is reading the configuration.
        const keysFile = join(dir, 'api-keys');
        execFileSync('mkfifo', [keysFile]);
        let child: ChildProcess | undefined;
        const keys = `auditor:${OLD_TOKEN}\n`;
        const served = (async () => {
          // Opening a FIFO to write waits for its reader: start-up is reading the configuration.
          const writer = await open(keysFile, 'w');
          child?.kill('SIGHUP');
          await writer.writeFile(keys);
          await writer.close();
          // The reload then reads an ordinary file with the same keys.
          await writeFile(`${keysFile}.next`, keys);
          await rename(`${keysFile}.next`, keysFile);
        })();
        let service: ServiceProcess | undefined;
        try {
          service = await spawnService(
            { DATA_DIR: dir, API_KEYS_FILE: keysFile, PROJECTIONS_ENABLED: 'false' },
            {
              onSpawn: (spawned) => {
                child = spawned;
              },
            },
          );
          await served;
          const entry = await service.waitForLog(reloaded);

          expect(entry['changed']).to.deep.equal([]);
          const read = await apiFetch(`${service.url}/payments/generic/pay_none/history`, {
            headers: { authorization: `Bearer ${OLD_TOKEN}` },
          });
          expect(read.status).to.equal(404);
        } finally {
          // Let a pending open for writing go, should the service have died before reading.
          await (await open(keysFile, constants.O_RDONLY | constants.O_NONBLOCK)).close();
          await served.catch(() => undefined);
          await service?.kill('SIGTERM');
          child?.kill('SIGKILL');
          await remove();
        }
      });
    },
  );
});

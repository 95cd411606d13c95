import { expect } from 'chai';
import { createLogger } from '../../../src/observability/logger.js';

describe('createLogger', function () {
  const linesFrom = (log: (logger: ReturnType<typeof createLogger>) => void) => {
    const lines: string[] = [];
    log(createLogger('info', (line) => lines.push(line)));
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  };

  it('writes one JSON line per entry with its time, level, message and fields', function () {
    const [entry] = linesFrom((logger) => {
      logger.info('listening', { url: 'http://127.0.0.1:3000' });
    });

    expect(entry).to.include({ level: 'info', message: 'listening', url: 'http://127.0.0.1:3000' });
    expect(new Date(String(entry?.['time'])).toISOString()).to.equal(entry?.['time']);
  });

  it('writes bigints as decimal strings', function () {
    const [entry] = linesFrom((logger) => {
      logger.warn('behind', { position: 12345678901234567890n, nested: { revision: 3n } });
    });

    expect(entry).to.deep.include({
      position: '12345678901234567890',
      nested: { revision: '3' },
    });
  });

  it('leaves out entries below its level', function () {
    const lines = linesFrom((logger) => {
      logger.debug('noise');
    });

    expect(lines).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import { readReadiness } from '../../../src/console/pages/overview/readiness.js';

const HEALTHY = {
  ready: true,
  state: 'live',
  caughtUp: true,
  position: '42',
  lagSeconds: 0.2,
  lagEvents: 3,
  eventsPerSecond: 120,
  parkedPayments: 1,
};

describe('readReadiness(readiness)', function () {
  context("when /readyz has today's single projections check", function () {
    it('lists the stores, and one projection for all read models', function () {
      const view = readReadiness({
        status: 'not_ready',
        checks: {
          eventStore: { ready: true },
          readModels: { ready: false, reason: 'read-model store unreachable' },
          projections: HEALTHY,
        },
      });
      expect(view.stores).to.deep.equal([
        { name: 'eventStore', ready: true, reason: undefined },
        { name: 'readModels', ready: false, reason: 'read-model store unreachable' },
      ]);
      expect(view.projections).to.deep.equal([
        {
          name: 'all read models',
          ready: true,
          reason: undefined,
          state: 'live',
          caughtUp: true,
          position: '42',
          lagSeconds: 0.2,
          lagEvents: 3,
          eventsPerSecond: 120,
          parkedPayments: 1,
          lastError: undefined,
          leaseHolder: undefined,
        },
      ]);
    });
  });

  context('when the projections check lists each projection and the lease holder', function () {
    it('gives one row per projection, each with the lease holder', function () {
      const view = readReadiness({
        status: 'ready',
        checks: {
          projections: {
            ready: true,
            leaseHolder: 'instance-a',
            projections: {
              payments: HEALTHY,
              orders: { ...HEALTHY, ready: false, lastError: 'boom' },
            },
          },
        },
      });
      expect(
        view.projections.map(({ name, ready, lastError, leaseHolder }) => ({
          name,
          ready,
          lastError,
          leaseHolder,
        })),
      ).to.deep.equal([
        { name: 'payments', ready: true, lastError: undefined, leaseHolder: 'instance-a' },
        { name: 'orders', ready: false, lastError: 'boom', leaseHolder: 'instance-a' },
      ]);
    });
  });

  context('when the projections check reports the lease as issue 11 does', function () {
    it('names the holder and whether it is the instance that answered', function () {
      const report = (instance: string, leaseHolder: string | null) =>
        readReadiness({
          status: 'ready',
          checks: {
            projections: {
              ready: true,
              state: 'live',
              instance,
              leaseHeld: instance === leaseHolder,
              leaseHolder,
              projections: { payments: HEALTHY },
            },
          },
        });
      expect(report('host-a', 'host-a').lease).to.deep.equal({
        holder: 'host-a',
        thisInstance: true,
      });
      expect(report('host-b', 'host-a').lease).to.deep.equal({
        holder: 'host-a',
        thisInstance: false,
      });
      const unheld = report('host-b', null);
      expect(unheld.lease).to.deep.equal({ holder: null, thisInstance: false });
      expect(unheld.projections[0]?.leaseHolder).to.equal(null);
    });

    it('has no lease before the service reports one, and no row on an opted-out instance', function () {
      expect(readReadiness({ status: 'ready', checks: { projections: HEALTHY } }).lease).to.equal(
        undefined,
      );
      const disabled = readReadiness({
        status: 'ready',
        checks: {
          projections: { ready: true, state: 'disabled', instance: 'b', leaseHolder: 'a' },
        },
      });
      expect(disabled.projections).to.deep.equal([]);
      expect(disabled.lease).to.deep.equal({ holder: 'a', thisInstance: false });
    });
  });

  context('when the projection is failing', function () {
    it('keeps the reason the check gives', function () {
      const view = readReadiness({
        status: 'not_ready',
        checks: { projections: { ready: false, reason: 'projection failing: timeout' } },
      });
      expect(view.projections[0]).to.include({
        ready: false,
        reason: 'projection failing: timeout',
      });
    });
  });
});

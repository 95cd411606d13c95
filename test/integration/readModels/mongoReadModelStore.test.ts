import { expect } from 'chai';
import { Long, MongoClient, MongoServerError } from 'mongodb';
import { createMongoReadModelStore } from '../../../src/readModels/mongodb/mongoReadModelStore.js';
import { describeReadModelStoreContract } from '../../contract/readModelStore.contract.js';
import { aPaymentDocument } from '../../support/paymentEvents.js';
import { freshDatabase, testMongoDbUrl } from '../../support/testMongoDb.js';

describeReadModelStoreContract('MongoDB (FerretDB unless MONGODB_URL is set)', () => {
  const database = freshDatabase();
  const store = createMongoReadModelStore({ url: testMongoDbUrl(), databaseName: database.name });
  return Promise.resolve({
    store,
    teardown: async () => {
      await store.close();
      await database.drop();
    },
  });
});

describe('MongoDB read-model store', function () {
  let client: MongoClient;
  let database: ReturnType<typeof freshDatabase>;

  beforeEach(async function () {
    client = await new MongoClient(testMongoDbUrl()).connect();
    database = freshDatabase();
  });
  afterEach(async function () {
    await client.close();
    await database.drop();
  });

  context('when a position-guarded upsert meets a document at or above its position', function () {
    it('reports E11000 and leaves the stored document alone', async function () {
      const collection = client
        .db(database.name)
        .collection<{ _id: string; lastGlobalPosition: Long; x: number }>('guard');
      await collection.insertOne({ _id: 'a', lastGlobalPosition: Long.fromBigInt(10n), x: 1 });
      let caught: unknown;
      try {
        await collection.updateOne(
          { _id: 'a', lastGlobalPosition: { $lt: Long.fromBigInt(10n) } },
          { $set: { x: 2, lastGlobalPosition: Long.fromBigInt(10n) } },
          { upsert: true },
        );
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(MongoServerError);
      expect((caught as MongoServerError).code).to.equal(11000);
      expect(await collection.findOne({ _id: 'a' })).to.deep.include({ x: 1 });
    });
  });

  context('when positions exceed 2^53', function () {
    it('compares them as exact 64-bit integers', async function () {
      const collection = client.db(database.name).collection<{ _id: string; p: Long }>('longs');
      const big = 2n ** 53n;
      await collection.insertMany([
        { _id: 'low', p: Long.fromBigInt(big + 1n) },
        { _id: 'high', p: Long.fromBigInt(big + 2n) },
      ]);
      const above = await collection.find({ p: { $gt: Long.fromBigInt(big + 1n) } }).toArray();
      expect(above.map((d) => d._id)).to.deep.equal(['high']);
      const stored = await collection.findOne({ _id: 'high' }, { useBigInt64: true });
      expect(stored?.p).to.equal(big + 2n);
    });

    it('guards documents by their exact position', async function () {
      const store = createMongoReadModelStore({
        url: testMongoDbUrl(),
        databaseName: database.name,
      });
      try {
        const writer = store.writer(await store.activeVersion());
        const big = 2n ** 53n;
        const newer = { ...aPaymentDocument({ status: 'captured' }), lastGlobalPosition: big + 2n };
        const older = {
          ...aPaymentDocument({ status: 'authorized' }),
          lastGlobalPosition: big + 1n,
        };
        const checkpoint = { name: 'payledger', position: { commit: big + 2n, prepare: big + 2n } };
        await writer.applyBatch({ payments: [newer], parked: [] }, checkpoint);
        await writer.applyBatch({ payments: [older], parked: [] }, checkpoint);
        expect(await store.getPayment('stripe', 'pi_1')).to.deep.equal(newer);
        expect(await writer.readCheckpoint('payledger')).to.deep.equal(checkpoint.position);
      } finally {
        await store.close();
      }
    });
  });
});

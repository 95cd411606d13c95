/**
 * The ceiling for `bench:ingest`: a bare Koa + koa-bodyparser server that parses a JSON POST and
 * echoes it, with nothing else on the path. Run as its own process by the benchmark.
 */
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';

const app = new Koa();
app.use(bodyParser({ jsonLimit: '1mb' }));
app.use((ctx) => {
  ctx.body = ctx.request.body;
});
const server = app.listen({ port: Number(process.env['PORT'] ?? 0), host: '127.0.0.1' }, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(
    `${JSON.stringify({ message: 'listening', url: `http://127.0.0.1:${port}` })}\n`,
  );
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});

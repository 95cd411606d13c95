import Router from '@koa/router';
import { openApiDocument } from '../openapi/openApiDocument.js';

/** `GET /openapi.json`: the OpenAPI 3.1 description of this API, for anyone (no token). */
export function openApiRouter(): Router {
  const router = new Router();
  const body = JSON.stringify(openApiDocument);
  router.get('/openapi.json', (ctx) => {
    ctx.type = 'application/json';
    ctx.body = body;
  });
  return router;
}

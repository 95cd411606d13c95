import { checkExchange, isJsonAnswer } from './openApiValidator.js';

/** An answer of the service that the OpenAPI document does not describe. */
export class UndescribedAnswerError extends Error {
  constructor(method: string, url: URL, status: number, problems: readonly string[]) {
    super(
      `${method} ${url.pathname}${url.search} answered ${status}, which /openapi.json does not describe: ${problems.join('; ')}`,
    );
    this.name = 'UndescribedAnswerError';
  }
}

/**
 * `fetch` for requests to payledger: every answer is checked against the OpenAPI document (path,
 * status, headers, content type, JSON body, and for accepted requests their parameters) before
 * the test sees it, and one that departs from it fails the request. Every test that talks to
 * the service goes through here, so the document stays true to what the API answers.
 */
export async function apiFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const url = new URL(input);
  const method = (init.method ?? 'GET').toUpperCase();
  const response = await fetch(url, init);
  const problems = checkExchange({
    method,
    url,
    status: response.status,
    headers: response.headers,
    // Only JSON bodies are read (a clone, so the test still reads its own); streamed exports and
    // other text are left alone, since a test may hang up in the middle of one.
    ...(isJsonAnswer(response.headers) ? { jsonText: await response.clone().text() } : {}),
  });
  if (problems.length > 0) throw new UndescribedAnswerError(method, url, response.status, problems);
  return response;
}

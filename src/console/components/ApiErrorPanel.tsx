import { useId } from 'preact/hooks';
import type { ApiError } from '../api/apiClient.js';
import { readSession } from '../auth/session.js';

const HEADINGS: Readonly<Record<number, string>> = {
  0: 'The service did not answer',
  400: 'The service refused the request',
  401: 'Signed out',
  403: 'Not allowed for your role',
  404: 'Not found',
  429: 'Too many attempts',
  503: 'The service is not ready',
};

/** How a failed request looks on every page: what happened, the API's own words, what to do. */
export function ApiErrorPanel(props: { readonly error: ApiError; readonly headingLevel?: 2 | 3 }) {
  const { error } = props;
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  const role = readSession()?.role;
  const headingId = useId();
  return (
    <section class="panel panel-error" aria-labelledby={headingId} data-status={error.status}>
      <Heading id={headingId}>{HEADINGS[error.status] ?? 'Something went wrong'}</Heading>
      <p>{error.message}</p>
      {error.status === 403 && role ? (
        <p>
          You are signed in as <strong>{role}</strong>. Ask whoever runs payledger for a token with
          the role this needs, then sign in with it.
        </p>
      ) : null}
      <p class="muted">
        <code>
          {error.status === 0 ? 'no answer' : error.status} {error.code}
        </code>
      </p>
    </section>
  );
}

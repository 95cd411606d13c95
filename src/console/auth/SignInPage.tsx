import { useState } from 'preact/hooks';
import { ApiError, requestJson } from '../api/apiClient.js';
import { sessionSchema } from '../api/schemas.js';
import { PageHeading } from '../components/PageHeading.js';
import { signIn } from './session.js';

/** Asks for an API token, learns its role from `GET /session`, and keeps both for this tab. */
export function SignInPage(props: { readonly reason: string | undefined }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const trimmed = token.trim();
      const { role } = await requestJson('/session', sessionSchema, {
        token: trimmed,
        signOutOnRefusal: false,
      });
      signIn({ token: trimmed, role });
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? 'This token is not accepted. Check it against the API_KEYS the service runs with.'
          : caught instanceof Error
            ? caught.message
            : String(caught),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading>Sign in</PageHeading>
      {props.reason ? (
        <p class="panel panel-notice" role="status">
          {props.reason}
        </p>
      ) : null}
      <p>
        Sign in with an API token from the service's <code>API_KEYS</code>. Its role (auditor,
        analyst or admin) decides what the console offers. The token stays in this browser tab
        (session storage) until you sign out or close the tab, and is only ever sent to this service
        as the bearer token.
      </p>
      {/* POST, should the script ever not intercept it: a GET would put the token in the URL. */}
      <form
        class="form sign-in"
        method="post"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          minLength={16}
          value={token}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'token-error' : undefined}
          onInput={(event) => {
            setToken(event.currentTarget.value);
          }}
        />
        {error ? (
          <p id="token-error" class="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </>
  );
}

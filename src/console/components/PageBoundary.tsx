import type { ComponentChildren } from 'preact';
import { useErrorBoundary } from 'preact/hooks';

/**
 * Keeps a page's failure to that page: the header, navigation and sign-out still work, and the
 * error is shown rather than a blank screen.
 */
export function PageBoundary(props: { readonly children: ComponentChildren }) {
  const [error, reset] = useErrorBoundary() as [unknown, () => void];
  if (error === undefined) return <>{props.children}</>;
  return (
    <section class="panel panel-error" role="alert">
      <h2>This page failed</h2>
      <p>{error instanceof Error ? error.message : 'An unexpected error.'}</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}

/** Announced politely, so a screen reader hears that the page is waiting for the service. */
export function Loading(props: { readonly what: string }) {
  return (
    <p class="loading" role="status">
      Loading {props.what}…
    </p>
  );
}

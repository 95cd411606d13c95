/** A status word with a colour class; the word itself carries the meaning, never the colour. */
export function StatusBadge(props: { readonly status: string }) {
  return (
    <span class={`badge badge-${props.status.replace(/[^a-z_]/g, '')}`}>
      {props.status.replaceAll('_', ' ')}
    </span>
  );
}

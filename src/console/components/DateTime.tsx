/** `2024-06-26T11:08:07.000Z` → "2024-06-26 11:08:07 UTC": auditors compare times across zones. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString();
  const millis = text.slice(20, 23);
  return `${text.slice(0, 10)} ${text.slice(11, 19)}${millis === '000' ? '' : `.${millis}`} UTC`;
}

export function DateTime(props: { readonly iso: string }) {
  return <time dateTime={props.iso}>{formatUtc(props.iso)}</time>;
}

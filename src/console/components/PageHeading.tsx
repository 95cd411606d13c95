import type { ComponentChildren } from 'preact';

/**
 * The page's one `h1`. It takes focus after each navigation (see App), so a screen reader
 * announces the new page and Tab continues from its top.
 */
export function PageHeading(props: { readonly children: ComponentChildren }) {
  return (
    <h1 id="page-heading" tabIndex={-1}>
      {props.children}
    </h1>
  );
}

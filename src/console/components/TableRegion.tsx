import type { ComponentChildren } from 'preact';

/**
 * A wide table scrolls sideways inside this region on a narrow screen; the region is focusable
 * and labelled, so keyboard users can scroll it with the arrow keys.
 */
export function TableRegion(props: {
  readonly label: string;
  readonly children: ComponentChildren;
}) {
  return (
    <div class="table-region" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}

import type { ComponentChildren } from 'preact';

/** A labelled form control: `id` ties the label to the control given as the child. */
export function Field(props: {
  readonly id: string;
  readonly label: string;
  readonly grow?: boolean;
  readonly children: ComponentChildren;
}) {
  return (
    <div class={props.grow ? 'field grow' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

/** A labelled choice among `options`; `any` adds a first option meaning "no filter". */
export function SelectField(props: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly options: readonly string[];
  readonly any?: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <Field id={props.id} label={props.label}>
      <select
        id={props.id}
        value={props.value}
        onChange={(event) => {
          props.onChange(event.currentTarget.value);
        }}
      >
        {props.any === undefined ? null : <option value="">{props.any}</option>}
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option.replaceAll('_', ' ')}
          </option>
        ))}
      </select>
    </Field>
  );
}

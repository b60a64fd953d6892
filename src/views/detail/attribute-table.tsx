import { Fragment } from 'react';
import type { Attribute } from '../../core/model/types.ts';
import { AttrValueCell } from './attr-value.tsx';

interface Props {
  readonly attributes: readonly Attribute[];
  readonly label: string;
  readonly dropped?: number;
  /** Keys to mark as changed (a diff's two spans side by side). */
  readonly changed?: ReadonlySet<string>;
}

/** Long dotted keys wrap after a dot or underscore, not in the middle of a word. */
export function BreakableKey({ text }: { readonly text: string }) {
  const parts = text.split(/(?<=[._/])/);
  return (
    <>
      {parts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: parts of one string, positional.
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {p}
        </Fragment>
      ))}
    </>
  );
}

/** Attributes as key/value rows, sorted by key (the order sources write them in carries no meaning). */
export function AttributeTable({ attributes, label, dropped, changed }: Props) {
  if (attributes.length === 0 && !dropped)
    return <p className="muted empty-note">No {label.toLowerCase()}.</p>;
  const sorted = [...attributes].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return (
    <>
      <table className="attr-table" aria-label={label}>
        <tbody>
          {sorted.map((a, i) => (
            <tr
              // biome-ignore lint/suspicious/noArrayIndexKey: a source may repeat a key.
              key={`${a.key}-${i}`}
              className={changed?.has(a.key) ? 'attr-changed' : undefined}
              title={changed?.has(a.key) ? 'Changed between the two traces' : undefined}
            >
              <th scope="row" className="attr-key">
                <BreakableKey text={a.key} />
                {changed?.has(a.key) && <span className="visually-hidden"> (changed)</span>}
              </th>
              <td>
                <AttrValueCell value={a.value} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {dropped ? (
        <p className="muted empty-note">
          {dropped} more dropped (by the instrumentation, or past the store's limits).
        </p>
      ) : null}
    </>
  );
}

/**
 * Where a focused flame graph is: "Whole trace › root › … › focused span", each crumb a button that
 * focuses that ancestor (the whole trace clears the focus). The path is the focused span's
 * ancestors, which is also the call path of an aggregated frame.
 */
import { NodeFlag, type TraceColumns } from '../../core/layout/trace-columns.ts';
import { revealInvisible } from '../../core/model/visible-text.ts';

interface Props {
  readonly cols: TraceColumns;
  readonly focusNode: number;
  readonly onFocus: (node: number) => void;
}

/** At most this many crumbs are shown; the middle of a deeper path is elided. */
const MAX_CRUMBS = 8;

function crumbLabel(c: TraceColumns, k: number): string {
  if (c.flags[k] & NodeFlag.MissingParent) return 'missing parent';
  const service = c.strings[c.service[k]];
  return revealInvisible(`${service ? `${service}: ` : ''}${c.strings[c.name[k]]}`);
}

export function FlameBreadcrumb({ cols, focusNode, onFocus }: Props) {
  const path: number[] = [];
  for (let k = focusNode; k >= 0; k = cols.parent[k]) path.unshift(k);
  const shown = path.length > MAX_CRUMBS ? [...path.slice(0, 2), -1, ...path.slice(-(MAX_CRUMBS - 3))] : path;
  return (
    <nav className="flame-breadcrumb" aria-label="Focused subtree">
      <button type="button" className="link-button" onClick={() => onFocus(-1)}>
        Whole trace
      </button>
      {shown.map((k, i) => (
        <span key={k < 0 ? `gap${i}` : k} className="crumb">
          <span className="crumb-separator" aria-hidden="true">
            ›
          </span>
          {k < 0 ? (
            <span className="muted">…</span>
          ) : k === focusNode ? (
            <strong aria-current="location">{crumbLabel(cols, k)}</strong>
          ) : (
            <button type="button" className="link-button" onClick={() => onFocus(k)}>
              {crumbLabel(cols, k)}
            </button>
          )}
        </span>
      ))}
    </nav>
  );
}

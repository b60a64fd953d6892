/**
 * What happened to the files being imported: progress, the server's message for each failure, and
 * the list of traces when a drop held several.
 */
import { useEffect, useRef } from 'react';
import type { ImportOutcome } from '../../data/queries.ts';
import { traceHref } from '../../state/url.ts';
import { plural } from '../format/format.ts';
import { Link } from '../link.tsx';
import { Icon } from '../shell/icons.tsx';

export function importedTraceIds(outcomes: readonly ImportOutcome[]): string[] {
  return [...new Set(outcomes.flatMap((o) => (o.ok ? o.result.traceIds : [])))];
}

interface Props {
  readonly pending: boolean;
  readonly files: readonly File[];
  readonly outcomes: readonly ImportOutcome[] | null;
  readonly onClose: () => void;
}

export function ImportStatus({ pending, files, outcomes, onClose }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcomes) panel.current?.focus();
  }, [outcomes]);
  if (!pending && !outcomes) return null;

  const failures = (outcomes ?? []).filter((o) => !o.ok);
  const ids = importedTraceIds(outcomes ?? []);
  const spans = (outcomes ?? []).reduce((n, o) => n + (o.ok ? o.result.spanCount : 0), 0);
  return (
    <div
      ref={panel}
      className={`import-status ${failures.length ? 'has-error' : ''}`}
      role={failures.length ? 'alert' : 'status'}
      tabIndex={-1}
      data-testid="import-status"
    >
      <div className="import-status-head">
        <strong>
          {pending
            ? `Importing ${files.length === 1 ? files[0].name : plural(files.length, 'file')}…`
            : ids.length
              ? `Imported ${plural(ids.length, 'trace')} (${plural(spans, 'span')})`
              : 'Nothing was imported'}
        </strong>
        {!pending && (
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close" title="Close">
            <Icon name="close" />
          </button>
        )}
      </div>
      {pending && <div className="progress-bar indeterminate" />}
      {failures.map((o) => (
        <p key={o.fileName} className="import-error">
          <Icon name="warning" /> <span className="mono">{o.fileName}</span>: {!o.ok && o.error}
        </p>
      ))}
      {!pending && ids.length === 0 && failures.length === 0 && <p>The files held no spans.</p>}
      {ids.length > 0 && (
        <ul className="import-traces">
          {ids.slice(0, 50).map((id) => (
            <li key={id}>
              <Link href={traceHref(id)} className="mono" onClick={onClose}>
                {id}
              </Link>
            </li>
          ))}
          {ids.length > 50 && <li className="muted">… and {ids.length - 50} more (see the recent traces)</li>}
        </ul>
      )}
    </div>
  );
}

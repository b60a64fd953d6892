/**
 * The TraceQL editor: one line in the header's search box (Enter runs; long queries wrap), a
 * larger block on the search page (Ctrl/⌘+Enter runs). The text is the parent's (`value` /
 * `onChange`); a problem the store found in the query run last is marked in it.
 *
 * CodeMirror is loaded on its own (codemirror-editor.tsx), on a trace or diff address only once
 * the view's first frame is drawn (after-first-view.ts), so that opening a trace does not wait for
 * it; until then the box shows its text as it will look.
 */
import { lazy, type Ref, Suspense } from 'react';
import type { QuerySpan } from '../../data/search-errors.ts';
import { afterFirstView } from './after-first-view.ts';

export interface QueryEditorHandle {
  focus(): void;
}

export interface QueryEditorProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly onRun: (text: string) => void;
  /** The store whose attribute names and values are offered (null: the local one). */
  readonly source: string | null;
  readonly variant: 'line' | 'block';
  /** The accessible name. */
  readonly label: string;
  readonly placeholder: string;
  /** What the store objected to in `value`, marked until the text changes. */
  readonly problem?: (QuerySpan & { readonly message: string }) | null;
  readonly autoFocus?: boolean;
  readonly ref?: Ref<QueryEditorHandle>;
}

const CodeMirrorEditor = lazy(() =>
  afterFirstView(location.pathname)
    .then(() => import('./codemirror-editor.tsx'))
    .then((m) => ({ default: m.CodeMirrorEditor })),
);

function Fallback({ value, placeholder, variant }: QueryEditorProps) {
  return (
    <div className={`query-editor query-editor-${variant}`} aria-hidden="true">
      <div className="query-editor-fallback">{value || <span className="muted">{placeholder}</span>}</div>
    </div>
  );
}

export function QueryEditor(props: QueryEditorProps) {
  return (
    <Suspense fallback={<Fallback {...props} />}>
      <CodeMirrorEditor {...props} />
    </Suspense>
  );
}

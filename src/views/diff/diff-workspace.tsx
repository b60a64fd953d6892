/**
 * A computed diff: the two traces' headers, the controls, the summary bar, notes, the panes and,
 * while a row is selected, both spans' details. The selected row is the URL's `span` (B's span, or
 * A's when removed); the traces stay in their handles, the diff's arrays in the model.
 */
import { useMemo } from 'react';
import { useDiffView } from '../../state/diff-view.ts';
import { DiffBanners } from './diff-banners.tsx';
import { DiffDetails } from './diff-details.tsx';
import { DiffHeader } from './diff-header.tsx';
import { diffModel, nodeOfDiffSpan } from './diff-model.ts';
import { DiffPanes } from './diff-panes.tsx';
import { DiffSummaryBar } from './diff-summary-bar.tsx';
import { DiffToolbar } from './diff-toolbar.tsx';
import { useDiffCommands, useDiffKeys } from './use-diff-commands.ts';
import type { DiffSession } from './use-diff-session.ts';

export function DiffWorkspace({ session }: { readonly session: DiffSession }) {
  const { a, b } = session;
  const model = useMemo(() => diffModel(session.result, a.columns, b.columns), [session, a, b]);
  const spanId = useDiffView((s) => s.spanId);
  const source = useDiffView((s) => s.source);
  const selected = useMemo(() => nodeOfDiffSpan(model, spanId), [model, spanId]);
  const commands = useDiffCommands(model, selected);
  useDiffKeys(commands);
  return (
    <div className="trace-workspace diff-workspace" data-testid="diff-workspace">
      <DiffHeader a={a} b={b} source={source} />
      <DiffToolbar commands={commands} differenceCount={model.differences.length} />
      <DiffSummaryBar model={model} onJump={commands.select} />
      <DiffBanners model={model} same={session.same} missingSpanId={spanId && selected < 0 ? spanId : null} />
      <div className={selected >= 0 ? 'diff-body diff-body-details' : 'diff-body'}>
        <DiffPanes model={model} a={a} b={b} selected={selected} onSelect={commands.select} />
        {selected >= 0 && (
          <DiffDetails model={model} a={a} b={b} node={selected} onSelect={commands.select} />
        )}
      </div>
    </div>
  );
}

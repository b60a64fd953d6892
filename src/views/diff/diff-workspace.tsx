/**
 * A computed diff: the two traces' headers, the controls, the summary bar, notes, the panes and,
 * while a row is selected, both spans' details (in an embed, the panes and details alone). The selected row is the URL's `span` (B's span, or
 * A's when removed); the traces stay in their handles, the diff's arrays in the model.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { nodeOfDiffSpan } from '../../core/diff/diff-span.ts';
import { useDiffSources, useDiffView } from '../../state/diff-view.ts';
import type { DiffResult } from '../../worker/protocol.ts';
import { diffIncidentText } from '../share/incident-texts.ts';
import { DiffBanners } from './diff-banners.tsx';
import { DiffDetails } from './diff-details.tsx';
import { DiffHeader } from './diff-header.tsx';
import { type DiffModel, diffModel } from './diff-model.ts';
import { DiffPanes } from './diff-panes.tsx';
import { DiffSummaryBar } from './diff-summary-bar.tsx';
import { DiffToolbar } from './diff-toolbar.tsx';
import type { DiffSession } from './load-diff.ts';
import { useDiffCommands, useDiffKeys } from './use-diff-commands.ts';

export function DiffWorkspace({ session }: { readonly session: DiffSession }) {
  const { a, b } = session;
  // The answer comparing attributes is asked for once the first one is drawn, and replaces it when it
  // comes (the rows stay as they are).
  const [compared, setCompared] = useState<{ session: DiffSession; result: DiffResult } | null>(null);
  const full = compared?.session === session ? compared.result : null;
  const compareAttributes = useCallback(() => {
    session.withAttributes?.().then((r) => {
      if (!r) return;
      performance.mark('spanscope:diff-attributes-compared', { detail: { timingsMs: r.timingsMs } });
      setCompared({ session, result: r });
    });
  }, [session]);
  const last = useRef<DiffModel | null>(null);
  const model = useMemo(() => {
    const previous = last.current?.a === a.columns && last.current?.b === b.columns ? last.current : null;
    return diffModel(full ?? session.result, a.columns, b.columns, previous);
  }, [session, full, a, b]);
  last.current = model;
  const spanId = useDiffView((s) => s.spanId);
  const sources = useDiffSources();
  const embed = useDiffView((s) => s.embed);
  const selected = useMemo(() => nodeOfDiffSpan(model, spanId), [model, spanId]);
  const commands = useDiffCommands(model, selected);
  useDiffKeys(commands);
  return (
    <div className="trace-workspace diff-workspace" data-testid="diff-workspace">
      {!embed && (
        <>
          <DiffHeader a={a} b={b} sources={sources} />
          <DiffToolbar
            commands={commands}
            differenceCount={model.differences.length}
            incidentText={() => diffIncidentText(model, a, b)}
          />
          <DiffSummaryBar model={model} onJump={commands.select} />
          <DiffBanners
            model={model}
            same={session.same}
            attributesLeftOut={!session.withAttributes && !model.result.attributesCompared}
            missingSpanId={spanId && selected < 0 ? spanId : null}
          />
        </>
      )}
      <div className={selected >= 0 ? 'diff-body diff-body-details' : 'diff-body'}>
        <DiffPanes
          model={model}
          a={a}
          b={b}
          selected={selected}
          onSelect={commands.select}
          onDrawn={compareAttributes}
        />
        {selected >= 0 && (
          <DiffDetails model={model} a={a} b={b} node={selected} onSelect={commands.select} />
        )}
      </div>
    </div>
  );
}

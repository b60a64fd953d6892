/**
 * The diff's controls: side by side or merged, only the differences, shared or own time axes, the
 * previous / next difference, copy link, copy for incident; and the legend of the row colours (the canvas's own tints).
 */
import { RowTint } from '../../core/layout/row-tint.ts';
import type { IncidentText } from '../../core/share/incident-text.ts';
import { paletteFor } from '../../render/theme.ts';
import { useDiffView } from '../../state/diff-view.ts';
import { formatCount } from '../format/format.ts';
import { IncidentMenu } from '../share/incident-menu.tsx';
import { Icon } from '../shell/icons.tsx';
import { useTheme } from '../shell/use-theme.ts';
import type { DiffCommands } from './use-diff-commands.ts';

const LEGEND: readonly [number, string][] = [
  [RowTint.Added, 'only in B'],
  [RowTint.Removed, 'only in A'],
  [RowTint.Status, 'status changed'],
  [RowTint.Changed, 'renamed / other kind'],
  [RowTint.Slower2, 'slower'],
  [RowTint.Faster2, 'faster'],
];

export function TintLegend({ items = LEGEND }: { readonly items?: readonly [number, string][] }) {
  const palette = paletteFor(useTheme());
  return (
    <ul className="diff-legend" aria-label="Row colours">
      {items.map(([tint, text]) => (
        <li key={tint}>
          <span
            className="diff-swatch"
            style={{ background: palette.rowTints[tint], borderLeftColor: palette.rowTintMarks[tint] }}
          />
          {text}
        </li>
      ))}
    </ul>
  );
}

export function DiffToolbar({
  commands,
  differenceCount,
  incidentText,
}: {
  readonly commands: DiffCommands;
  readonly differenceCount: number;
  /** "Copy for incident": the diff as a chat message. */
  readonly incidentText: () => Promise<IncidentText>;
}) {
  const mode = useDiffView((s) => s.mode);
  const only = useDiffView((s) => s.only);
  const axis = useDiffView((s) => s.axis);
  return (
    <div className="trace-toolbar diff-toolbar">
      <div className="tabs" role="tablist" aria-label="Diff layout">
        {(['side', 'merged'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            className="tab"
            aria-selected={mode === m}
            onClick={() => mode !== m && commands.toggleMode()}
            title={`${m === 'side' ? 'A and B side by side' : 'One tree: B solid, A as outlines'} (m)`}
          >
            {m === 'side' ? 'Side by side' : 'Merged'}
          </button>
        ))}
      </div>
      <fieldset className="toolbar-group">
        <legend className="visually-hidden">Display</legend>
        <button
          type="button"
          className="toggle"
          aria-pressed={only}
          onClick={commands.toggleOnly}
          title="Collapse the subtrees that are the same in both traces (o)"
        >
          Only differences
        </button>
        <button
          type="button"
          className="toggle"
          aria-pressed={axis === 'shared' || mode === 'merged'}
          disabled={mode === 'merged'}
          onClick={commands.toggleAxis}
          title="One time axis from each trace's start, or each trace on its own axis (t)"
        >
          Shared time axis
        </button>
      </fieldset>
      <div className="toolbar-group diff-steps">
        <button
          type="button"
          className="icon-button"
          onClick={commands.prevDifference}
          aria-label="Previous difference"
          title="Previous difference (Shift+N)"
          disabled={differenceCount === 0}
        >
          <Icon name="up" />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={commands.nextDifference}
          aria-label="Next difference"
          title="Next difference (n)"
          disabled={differenceCount === 0}
        >
          <Icon name="down" />
        </button>
        <span className="muted">
          {differenceCount === 0 ? 'no differences' : `${formatCount(differenceCount)} differences`}
        </span>
      </div>
      <TintLegend />
      <div className="toolbar-group toolbar-end">
        <button
          type="button"
          className="button"
          onClick={commands.copyLink}
          title="Copy a link to this view (y)"
        >
          <Icon name="link" />
          <span>Copy link</span>
        </button>
        <IncidentMenu text={incidentText} />
      </div>
    </div>
  );
}

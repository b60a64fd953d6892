/**
 * View tabs, find, the errors / critical path / clock-skew toggles, copy link, copy for incident and export.
 */
import type { RefObject } from 'react';
import { useLocation } from '../../state/location.ts';
import { useTraceView } from '../../state/trace-view.ts';
import { parseRoute } from '../../state/url.ts';
import { TRACE_VIEWS, type TraceView } from '../../state/view-states.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { IncidentMenu } from '../share/incident-menu.tsx';
import { Icon } from '../shell/icons.tsx';
import { CompareMenu, TypicalLink } from './compare-menu.tsx';
import { ExportMenu } from './export-menu.tsx';
import { FindBar } from './find-bar.tsx';
import type { TraceCommands } from './use-trace-commands.ts';

const VIEW_LABELS: Record<TraceView, string> = {
  waterfall: 'Waterfall',
  flame: 'Flame graph',
  stats: 'Statistics',
  json: 'JSON',
};

interface Props {
  readonly handle: TraceHandle;
  readonly commands: TraceCommands;
  readonly matches: Uint32Array | null;
  readonly selectedNode: number;
  readonly findInput: RefObject<HTMLInputElement | null>;
  /** Why find found nothing (a TraceQL query that does not compile), or null. */
  readonly findProblem: string | null;
}

function Toggle(props: {
  label: string;
  pressed: boolean;
  onClick: () => void;
  hotkey: string;
  title: string;
}) {
  return (
    <button
      type="button"
      className="toggle"
      aria-pressed={props.pressed}
      onClick={props.onClick}
      title={`${props.title} (${props.hotkey})`}
    >
      {props.label}
    </button>
  );
}

export function TraceToolbar(props: Props) {
  const { handle, commands, matches, selectedNode, findInput, findProblem } = props;
  const view = useTraceView((s) => s.view);
  const errorsOnly = useTraceView((s) => s.errorsOnly);
  const criticalPath = useTraceView((s) => s.criticalPath);
  const adjustSkew = useTraceView((s) => s.adjustSkew);
  // A trace of local files is compared once the store has it (the comparisons read the store).
  const local = useLocation((l) => parseRoute(l.pathname).name === 'file-trace');
  if (handle.loading)
    return (
      <div className="trace-toolbar">
        <span className="trace-toolbar-hint">
          The waterfall scrolls and zooms while the trace loads; the rest waits for it.
        </span>
      </div>
    );
  return (
    <div className="trace-toolbar">
      <div className="tabs" role="tablist" aria-label="Trace views">
        {TRACE_VIEWS.map((v, i) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            className="tab"
            onClick={() => commands.setView(v)}
            title={`${VIEW_LABELS[v]} (${i + 1})`}
          >
            {VIEW_LABELS[v]}
          </button>
        ))}
      </div>
      <FindBar
        commands={commands}
        matches={matches}
        problem={findProblem}
        selectedNode={selectedNode}
        inputRef={findInput}
      />
      <fieldset className="toolbar-group">
        <legend className="visually-hidden">Display</legend>
        <Toggle
          label="Errors only"
          pressed={errorsOnly}
          onClick={commands.toggleErrors}
          hotkey="e"
          title="Show only error spans and their ancestors"
        />
        <Toggle
          label="Critical path"
          pressed={criticalPath}
          onClick={commands.toggleCritical}
          hotkey="c"
          title="Highlight the critical path"
        />
        <Toggle
          label="Skew adjust"
          pressed={adjustSkew}
          onClick={commands.toggleSkew}
          hotkey="s"
          title="Adjust for clock skew between services"
        />
      </fieldset>
      <div className="toolbar-group toolbar-end">
        <button
          type="button"
          className="button"
          onClick={commands.copyLink}
          title={local ? 'A local file: its link is not shareable yet' : 'Copy a link to this exact view (y)'}
        >
          <Icon name="link" />
          <span>Copy link</span>
        </button>
        {!local && <IncidentMenu text={commands.incidentText} />}
        {!local && <CompareMenu handle={handle} />}
        {!local && <TypicalLink handle={handle} />}
        <ExportMenu commands={commands} />
      </div>
    </div>
  );
}

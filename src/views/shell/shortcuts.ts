/**
 * Every keyboard shortcut and mouse gesture, in one list: the help overlay shows it and the trace
 * page's key handler is built from the entries that name a command (so the two never disagree).
 * The waterfall and the flame graph handle their own keys while they have focus (src/views/canvas).
 */

export type TraceCommand =
  | 'focusFind'
  | 'nextMatch'
  | 'prevMatch'
  | 'toggleErrors'
  | 'toggleCritical'
  | 'toggleSkew'
  | 'viewWaterfall'
  | 'viewFlame'
  | 'viewStats'
  | 'viewJson'
  | 'resetZoom'
  | 'collapseAll'
  | 'expandAll'
  | 'copyLink'
  | 'clearSelection';

export interface Shortcut {
  /** Keys as KeyboardEvent.key values; alternatives, not a sequence. */
  readonly keys: readonly string[];
  readonly label: string;
  readonly command?: TraceCommand;
}

export interface ShortcutGroup {
  readonly title: string;
  readonly items: readonly Shortcut[];
}

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'Anywhere',
    items: [
      { keys: ['?'], label: 'Show or hide this help' },
      { keys: ['/'], label: 'Focus find (trace page) or the search box', command: 'focusFind' },
      {
        keys: ['Escape'],
        label: 'Close a dialog; clear the selection and the highlight',
        command: 'clearSelection',
      },
    ],
  },
  {
    title: 'Query editor (header box, search page)',
    items: [
      { keys: ['Enter'], label: 'Run the query (the header box; a trace id opens the trace)' },
      { keys: ['Ctrl+Enter', '⌘+Enter'], label: 'Run the query (search page)' },
      { keys: ['Ctrl+Space'], label: 'Suggestions: fields, attribute names, values, operators' },
      {
        keys: ['ArrowUp', 'ArrowDown'],
        label: 'Earlier / later queries (in an empty box or on its first line)',
      },
      { keys: ['Drag on the plot'], label: 'Search the time range dragged across (search page)' },
    ],
  },
  {
    title: 'Trace page',
    items: [
      { keys: ['n', 'Enter'], label: 'Next find match (Enter while in find)', command: 'nextMatch' },
      { keys: ['N'], label: 'Previous find match (Shift+Enter while in find)', command: 'prevMatch' },
      { keys: ['e'], label: 'Show only errors on/off', command: 'toggleErrors' },
      { keys: ['c'], label: 'Critical path on/off', command: 'toggleCritical' },
      { keys: ['s'], label: 'Clock-skew adjustment on/off', command: 'toggleSkew' },
      { keys: ['1'], label: 'Waterfall view', command: 'viewWaterfall' },
      { keys: ['2'], label: 'Flame graph view', command: 'viewFlame' },
      { keys: ['3'], label: 'Statistics view', command: 'viewStats' },
      { keys: ['4'], label: 'JSON view', command: 'viewJson' },
      { keys: ['0'], label: 'Reset zoom to the whole trace', command: 'resetZoom' },
      { keys: ['['], label: 'Collapse all', command: 'collapseAll' },
      { keys: [']'], label: 'Expand all', command: 'expandAll' },
      { keys: ['y'], label: 'Copy a link to this exact view', command: 'copyLink' },
    ],
  },
  {
    // Handled by the diff page itself (views/diff/use-diff-commands.ts): no trace-page command.
    title: 'Diff and typical trace',
    items: [
      { keys: ['n', 'N'], label: 'Next / previous difference (typical trace: flagged span)' },
      { keys: ['o'], label: 'Only the differences (identical subtrees collapsed)' },
      { keys: ['m'], label: 'Side by side / merged' },
      { keys: ['t'], label: 'One shared time axis / each trace its own' },
      { keys: ['y'], label: 'Copy a link to this exact view' },
    ],
  },
  {
    title: 'Waterfall (when focused)',
    items: [
      { keys: ['ArrowUp', 'ArrowDown', 'k', 'j'], label: 'Move the selection' },
      { keys: ['ArrowLeft', 'ArrowRight'], label: 'Collapse / expand (or go to parent / child)' },
      { keys: ['Enter'], label: 'Open the span details' },
      { keys: ['Home', 'End'], label: 'First / last span' },
      { keys: ['PageUp', 'PageDown'], label: 'Move a page' },
    ],
  },
  {
    title: 'Flame graph (when focused)',
    items: [
      { keys: ['ArrowUp', 'k'], label: 'Go to the parent' },
      { keys: ['ArrowDown', 'j'], label: 'Go to the first child' },
      { keys: ['ArrowLeft', 'ArrowRight'], label: 'Previous / next sibling' },
      { keys: ['Enter'], label: 'Focus the subtree (flame chart) or call path (aggregated)' },
      { keys: ['+', '-'], label: 'Zoom in / out' },
    ],
  },
  {
    title: 'Mouse',
    items: [
      { keys: ['Wheel'], label: 'Scroll the rows' },
      { keys: ['Ctrl+Wheel', '⌘+Wheel'], label: 'Zoom time around the pointer' },
      { keys: ['Shift+Wheel'], label: 'Pan time' },
      { keys: ['Drag on the time axis'], label: 'Zoom to a range' },
      { keys: ['Click', 'Double-click'], label: 'Select a span / open its details (flame graph: focus it)' },
    ],
  },
];

const KEY_LABELS: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  PageUp: 'PgUp',
  PageDown: 'PgDn',
  N: 'Shift+N',
};

export function keyLabel(key: string): string {
  return KEY_LABELS[key] ?? key;
}

/** The trace page's key → command map ('Enter' is find's own key, not a page shortcut). */
export const TRACE_KEYMAP: ReadonlyMap<string, TraceCommand> = new Map(
  SHORTCUT_GROUPS.flatMap((g) =>
    g.items.flatMap((s) =>
      s.command
        ? s.keys.filter((k) => k !== 'Enter').map((k) => [k, s.command] as [string, TraceCommand])
        : [],
    ),
  ),
);

/** True when the key belongs to what the user is typing into. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT'
  );
}

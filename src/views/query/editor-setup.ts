/**
 * The query editor's CodeMirror extensions: TraceQL (colouring and lint), bracket matching and
 * closing, autocomplete, undo, the run keys (Ctrl/⌘+Enter; Enter too in the one-line box), ↑/↓
 * through the query history from the first/last line, the placeholder and the accessible name. The
 * one-line variant turns typed or pasted line breaks into spaces (long queries wrap instead). Its
 * `<style>`s bear the page's CSP nonce.
 */
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionStatus,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching } from '@codemirror/language';
import { Annotation, EditorState, type Extension, Prec } from '@codemirror/state';
import { type Command, EditorView, keymap, placeholder } from '@codemirror/view';
import type { TagSource } from '../../data/tag-source.ts';
import { historyStep } from '../../state/query-history.ts';
import { reopensCompletion, traceqlCompletion } from './traceql-completion.ts';
import { traceql } from './traceql-language.ts';

export interface EditorSetup {
  readonly singleLine: boolean;
  readonly label: string;
  readonly placeholder: string;
  /** Read at each use, so the editor follows its React props without being rebuilt. */
  readonly run: () => (text: string) => void;
  readonly change: () => (text: string) => void;
  readonly tags: () => TagSource;
  readonly historyEntries: () => readonly string[];
}

/** Marks a change the history keys made, so that it does not end the walk through the history. */
const fromHistory = Annotation.define<boolean>();
/** Marks a change made from outside (the URL changed): not the user's typing. */
export const fromOutside = Annotation.define<boolean>();

/** The cursor is on the first (or last) line as drawn, wrapped lines counted. */
function onEdgeLine(view: EditorView, edge: 'first' | 'last'): boolean {
  const { doc } = view.state;
  if (doc.length === 0) return true;
  const head = view.state.selection.main.head;
  const line = doc.lineAt(head);
  if (line.number !== (edge === 'first' ? 1 : doc.lines)) return false;
  const here = view.coordsAtPos(head);
  const end = view.coordsAtPos(edge === 'first' ? 0 : doc.length);
  return !here || !end || Math.abs(here.top - end.top) < 2;
}

function historyWalk(setup: EditorSetup): { keys: Extension; listener: Extension } {
  let index = -1;
  let draft = '';
  const show = (view: EditorView, text: string) =>
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: text },
      selection: { anchor: text.length },
      annotations: fromHistory.of(true),
      scrollIntoView: true,
    });
  const step =
    (direction: 'older' | 'newer'): Command =>
    (view) => {
      if (completionStatus(view.state) !== null) return false;
      if (direction === 'newer' && index < 0) return false;
      if (!onEdgeLine(view, direction === 'older' ? 'first' : 'last')) return false;
      const entries = setup.historyEntries();
      const next = historyStep(entries.length, index, direction);
      if (next === index) return index >= 0;
      if (index === -1) draft = view.state.doc.toString();
      index = next;
      show(view, index === -1 ? draft : entries[index]);
      return true;
    };
  return {
    keys: keymap.of([
      { key: 'ArrowUp', run: step('older') },
      { key: 'ArrowDown', run: step('newer') },
    ]),
    listener: EditorView.updateListener.of((u) => {
      if (u.docChanged && !u.transactions.some((t) => t.annotation(fromHistory))) index = -1;
    }),
  };
}

/** Line breaks typed or pasted into the one-line box become spaces (same length: the cursor stays). */
const oneLine = EditorState.transactionFilter.of((tr) => {
  if (!tr.docChanged || tr.newDoc.lines === 1) return tr;
  const changes = [];
  for (let n = 2; n <= tr.newDoc.lines; n++) {
    const at = tr.newDoc.line(n).from - 1;
    changes.push({ from: at, to: at + 1, insert: ' ' });
  }
  return [tr, { changes, sequential: true }];
});

/** The page's style nonce (the server's Content-Security-Policy allows `<style>`s bearing it). */
function styleNonce(): string {
  return document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? '';
}

export function editorExtensions(setup: EditorSetup): Extension[] {
  const run: Command = (view) => {
    setup.run()(view.state.doc.toString());
    return true;
  };
  const walk = historyWalk(setup);
  return [
    EditorView.cspNonce.of(styleNonce()),
    traceql(),
    history(),
    bracketMatching(),
    closeBrackets(),
    autocompletion({
      override: [traceqlCompletion(setup.tags)],
      activateOnCompletion: reopensCompletion,
      activateOnTypingDelay: 120,
      icons: false,
    }),
    Prec.high(keymap.of([{ key: 'Mod-Enter', run }, ...(setup.singleLine ? [{ key: 'Enter', run }] : [])])),
    Prec.high(walk.keys),
    walk.listener,
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap]),
    placeholder(setup.placeholder),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({
      'aria-label': setup.label,
      'aria-multiline': setup.singleLine ? 'false' : 'true',
      ...(setup.singleLine ? { role: 'searchbox' } : {}),
    }),
    setup.singleLine ? oneLine : [],
    EditorView.updateListener.of((u) => {
      if (u.docChanged && !u.transactions.some((t) => t.annotation(fromOutside)))
        setup.change()(u.state.doc.toString());
    }),
  ];
}

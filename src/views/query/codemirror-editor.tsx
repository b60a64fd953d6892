/**
 * The CodeMirror view behind QueryEditor (query-editor.tsx loads this module lazily): built once,
 * fed the props through refs; an outside change of `value` replaces the text.
 */
import { EditorView } from '@codemirror/view';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useImperativeHandle, useMemo, useRef } from 'react';
import { createTagSource } from '../../data/tag-source.ts';
import { useQueryHistory } from '../../state/query-history.ts';
import { editorExtensions, fromOutside } from './editor-setup.ts';
import type { QueryEditorProps } from './query-editor.tsx';
import { setServerProblem } from './traceql-language.ts';

export function CodeMirrorEditor(props: QueryEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const client = useQueryClient();
  const tags = useMemo(() => createTagSource(client, props.source), [client, props.source]);
  const tagsRef = useRef(tags);
  tagsRef.current = tags;

  // The editor is built once; it reads the props through `latest` when it needs them.
  // biome-ignore lint/correctness/useExhaustiveDependencies: built once per variant and label
  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      doc: latest.current.value,
      extensions: editorExtensions({
        singleLine: props.variant === 'line',
        label: props.label,
        placeholder: props.placeholder,
        run: () => latest.current.onRun,
        change: () => latest.current.onChange,
        tags: () => tagsRef.current,
        historyEntries: () => useQueryHistory.getState().entries,
      }),
    });
    view.current = v;
    if (latest.current.autoFocus) {
      v.focus();
      v.dispatch({ selection: { anchor: v.state.doc.length } });
    }
    return () => {
      v.destroy();
      view.current = null;
    };
  }, [props.variant, props.label]);

  useEffect(() => {
    const v = view.current;
    if (!v || v.state.doc.toString() === props.value) return;
    v.dispatch({
      changes: { from: 0, to: v.state.doc.length, insert: props.value },
      selection: { anchor: props.value.length },
      annotations: fromOutside.of(true),
    });
  }, [props.value]);

  const problem = props.problem ?? null;
  useEffect(() => {
    view.current?.dispatch({ effects: setServerProblem.of(problem) });
  }, [problem]);

  useImperativeHandle(props.ref, () => ({ focus: () => view.current?.focus() }), []);

  return (
    <div
      ref={host}
      className={`query-editor query-editor-${props.variant}`}
      data-testid={`query-editor-${props.variant}`}
    />
  );
}

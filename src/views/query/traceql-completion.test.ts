import { type Completion, CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { describe, expect, it, vi } from 'vitest';
import type { TagSource } from '../../data/tag-source.ts';
import { reopensCompletion, traceqlCompletion } from './traceql-completion.ts';

const TAGS: TagSource = {
  tagNames: vi.fn(async (scope: string) =>
    scope === 'resource'
      ? ['service.name', 'host name']
      : scope === 'span'
        ? ['http.route', 'service.name']
        : [],
  ),
  tagValues: vi.fn(async (tag: string) =>
    tag === 'resource.service.name'
      ? [
          { type: 'string', value: 'frontend' },
          { type: 'string', value: 'say "hi"' },
        ]
      : tag === 'status'
        ? [{ type: 'keyword', value: 'error' }]
        : tag === 'span.http.status_code'
          ? [{ type: 'int', value: '500' }]
          : [],
  ),
};

const source = traceqlCompletion(() => TAGS);

/** Completes at the `‸` of the text. */
async function complete(marked: string): Promise<{ result: CompletionResult | null; state: EditorState }> {
  const pos = marked.indexOf('‸');
  const state = EditorState.create({ doc: marked.replace('‸', ''), selection: { anchor: pos } });
  return {
    result: (await source(new CompletionContext(state, pos, false))) as CompletionResult | null,
    state,
  };
}

/** The text after picking `label` (its apply run against a stand-in view). */
function pick(state: EditorState, result: CompletionResult, label: string): { text: string; cursor: number } {
  const option = result.options.find((o) => o.label === label);
  if (!option) throw new Error(`no ${label} in ${result.options.map((o) => o.label).join(', ')}`);
  let current = state;
  const view = {
    get state() {
      return current;
    },
    dispatch: (spec: never) => (current = current.update(spec).state),
  };
  const to = state.selection.main.head;
  if (typeof option.apply === 'function')
    option.apply(view as unknown as EditorView, option, result.from, to);
  else view.dispatch({ changes: { from: result.from, to, insert: option.apply ?? option.label } } as never);
  return { text: current.doc.toString(), cursor: current.selection.main.head };
}

const labels = (r: CompletionResult | null) => r?.options.map((o: Completion) => o.label) ?? [];

describe('traceqlCompletion', () => {
  it('offers scopes first, then intrinsics, where a field goes', async () => {
    const { result } = await complete('{ ‸}');
    expect(labels(result).slice(0, 6)).toEqual([
      'span.',
      'resource.',
      '.',
      'event.',
      'link.',
      'instrumentation.',
    ]);
    expect(labels(result)).toContain('span:duration');
    expect(labels(result)).toContain('status');
    const scope = result!.options[1];
    expect(reopensCompletion(scope)).toBe(true);
  });

  it("offers the store's attribute names of the scope and quotes the ones that need it", async () => {
    const { result, state } = await complete('{ resource.serv‸ }');
    expect(result!.from).toBe(11);
    expect(labels(result)).toEqual(['service.name', 'host name']);
    // The query before the cursor goes along: the store narrows the names to the spans it matches.
    expect(TAGS.tagNames).toHaveBeenCalledWith('resource', expect.any(AbortSignal), '{ resource.');
    expect(pick(state, result!, 'service.name').text).toBe('{ resource.service.name  }');
    expect(pick(state, result!, 'host name').text).toBe('{ resource."host name"  }');
    const unscoped = await complete('{ .‸');
    expect(labels(unscoped.result)).toEqual(['http.route', 'service.name', 'host name']);
    expect(unscoped.result!.options[0].detail).toBe('span');
  });

  it('offers comparisons after a field, equals first', async () => {
    const { result, state } = await complete('{ resource.service.name ‸}');
    expect(labels(result)).toEqual(['=', '!=', '>', '>=', '<', '<=', '=~', '!~']);
    expect(result!.options.map((o) => o.sortText)).toEqual([
      '000',
      '001',
      '002',
      '003',
      '004',
      '005',
      '006',
      '007',
    ]);
    expect(pick(state, result!, '=').text).toBe('{ resource.service.name = }');
  });

  it("offers the field's values quoted as its type needs, inside quotes too", async () => {
    const plain = await complete('{ resource.service.name = ‸}');
    expect(plain.result!.options.map((o) => o.displayLabel ?? o.label)).toEqual([
      '"frontend"',
      '"say \\"hi\\""',
    ]);
    expect(pick(plain.state, plain.result!, 'frontend').text).toBe('{ resource.service.name = "frontend" }');
    const quoted = await complete('{ resource.service.name = "fr‸" }');
    expect(quoted.result!.from).toBe(27);
    expect(pick(quoted.state, quoted.result!, 'frontend')).toEqual({
      text: '{ resource.service.name = "frontend"  }',
      cursor: 37,
    });
    const touching = await complete('{ span.http.status_code>=‸');
    expect(pick(touching.state, touching.result!, '500').text).toBe('{ span.http.status_code>= 500 ');
  });

  it('adds the keywords of status and kind, and duration examples', async () => {
    expect(labels((await complete('{ status = ‸')).result)).toEqual(['error', 'ok', 'unset']);
    expect(labels((await complete('{ span:kind = ‸')).result)).toContain('server');
    expect(labels((await complete('{ duration > ‸')).result)).toEqual(['10ms', '100ms', '500ms', '1s', '5s']);
    expect((await complete('{ span.unknown = ‸')).result).toBeNull();
  });

  it('offers what joins conditions and span sets, and pipeline functions', async () => {
    expect(labels((await complete('{ status = error ‸}')).result)).toEqual(['&&', '||']);
    expect(labels((await complete('{ status = error } ‸')).result)).toEqual([
      '&&',
      '||',
      '>>',
      '>',
      '<<',
      '<',
      '~',
      '|',
    ]);
    const pipe = await complete('{ } | ‸');
    expect(labels(pipe.result)[0]).toBe('count()');
    expect(pick(pipe.state, pipe.result!, 'avg()')).toEqual({ text: '{ } | avg()', cursor: 10 });
    const start = await complete('‸');
    expect(pick(start.state, start.result!, '{ }')).toEqual({ text: '{  }', cursor: 2 });
  });
});

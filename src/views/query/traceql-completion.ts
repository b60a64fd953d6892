/**
 * Autocomplete for TraceQL: scopes and intrinsics where a field goes, the store's attribute names
 * after a scope (`/api/v2/search/tags?scope=`), comparisons after a field, the store's values of
 * the field after a comparison (`/api/v2/search/tag/{tag}/values`, with status, kind and duration
 * suggestions of its own), what joins conditions and span sets, pipeline functions. Picking a scope,
 * a name or an operator opens the next list at once, so `{ resource.service.name = "frontend" }` is
 * a few keystrokes. Requests wait for a pause in typing (CodeMirror's activateOnTypingDelay) and
 * are cancelled when the list is abandoned; answers are cached by the tag source.
 */
import {
  type Completion,
  type CompletionContext,
  type CompletionResult,
  type CompletionSource,
  pickedCompletion,
} from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';
import type { TagSource, TagValue } from '../../data/tag-source.ts';
import { type CompletionSite, completionSiteAt } from './completion-site.ts';
import {
  COMPARISONS,
  DURATION_EXAMPLES,
  DURATION_INTRINSICS,
  FIELD_COMBINATORS,
  INTRINSICS,
  KIND_VALUES,
  PIPELINE_FUNCTIONS,
  SCOPES,
  SPANSET_OPERATORS,
  STATUS_VALUES,
  type Word,
} from './traceql-vocabulary.ts';

/** Completions after which the next list opens by itself (autocompletion's activateOnCompletion). */
const REOPENS = new WeakSet<Completion>();
export const reopensCompletion = (c: Completion): boolean => REOPENS.has(c);

const PLAIN_NAME = /^[^\s{}()=~!<>&|^,"`]+$/;

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Replaces the range (and a closing quote right after it when `eatQuote`) with `text`, the cursor
 * `back` characters before its end.
 */
function apply(text: string, options: { back?: number; eatQuote?: boolean; from?: number } = {}) {
  return (view: EditorView, completion: Completion, from: number, to: number) => {
    const start = options.from ?? from;
    const end = options.eatQuote && view.state.doc.sliceString(to, to + 1) === '"' ? to + 1 : to;
    view.dispatch({
      changes: { from: start, to: end, insert: text },
      selection: { anchor: start + text.length - (options.back ?? 0) },
      userEvent: 'input.complete',
      annotations: pickedCompletion.of(completion),
      scrollIntoView: true,
    });
  };
}

function option(c: Completion, reopen = false): Completion {
  if (reopen) REOPENS.add(c);
  return c;
}

/** The words in the vocabulary's order (most used first) where the typed text matches them alike. */
const words = (list: readonly Word[], type: string, insert: (w: Word) => string, reopen: boolean) =>
  list.map((w, i) =>
    option(
      { label: w.label, detail: w.detail, type, apply: insert(w), sortText: String(i).padStart(3, '0') },
      reopen,
    ),
  );

function fieldOptions(): Completion[] {
  return [
    ...SCOPES.map((s) => option({ label: s.label, detail: s.detail, type: 'namespace', boost: 5 }, true)),
    ...words(INTRINSICS, 'variable', (w) => `${w.label} `, true),
  ];
}

async function attributeOptions(
  site: Extract<CompletionSite, { kind: 'attribute' }>,
  tags: TagSource,
  signal: AbortSignal,
  context: string,
) {
  const scopes = site.scope === '' ? (['span', 'resource'] as const) : [site.scope];
  const lists = await Promise.all(
    scopes.map((s) => tags.tagNames(s, signal, context).catch(() => [] as string[])),
  );
  const seen = new Set<string>();
  const out: Completion[] = [];
  lists.forEach((names, i) => {
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      const text = PLAIN_NAME.test(name) ? name : quote(name);
      out.push(
        option(
          {
            label: name,
            detail: site.scope === '' ? scopes[i] : undefined,
            type: 'property',
            apply: site.quoted
              ? apply(`${quote(name)} `, { from: site.from - 1, eatQuote: true })
              : apply(`${text} `),
          },
          true,
        ),
      );
    }
  });
  return out;
}

function staticValues(tag: string): readonly Word[] {
  const field = tag.replace(/^span:/, '');
  if (field === 'status') return STATUS_VALUES;
  if (field === 'kind') return KIND_VALUES;
  if (DURATION_INTRINSICS.has(tag)) return DURATION_EXAMPLES;
  return [];
}

async function valueOptions(
  site: Extract<CompletionSite, { kind: 'value' }>,
  tags: TagSource,
  signal: AbortSignal,
  context: string,
) {
  const own = staticValues(site.tag);
  const fetched: readonly TagValue[] =
    own === DURATION_EXAMPLES ? [] : await tags.tagValues(site.tag, signal, context).catch(() => []);
  const values: TagValue[] = [...fetched];
  for (const w of own)
    if (!values.some((v) => v.value === w.label))
      values.push({ type: own === DURATION_EXAMPLES ? 'duration' : 'keyword', value: w.label });
  const lead = site.needsSpace ? ' ' : '';
  return values
    .filter((v) => !site.quoted || v.type === 'string')
    .map((v): Completion => {
      const isString = v.type === 'string';
      const text = isString ? quote(v.value) : v.value;
      return {
        label: v.value,
        displayLabel: isString ? text : undefined,
        detail: v.type,
        type: isString ? 'text' : 'constant',
        apply: site.quoted
          ? apply(`${text} `, { from: site.from, eatQuote: true })
          : apply(`${lead}${text} `),
      };
    });
}

/** The completion source; `tags` is read at each request (the source picker can change it). */
export function traceqlCompletion(tags: () => TagSource): CompletionSource {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const site = completionSiteAt(ctx.state.doc.toString(), ctx.pos);
    if (!site) return null;
    // What is typed before the cursor: the store narrows names and values to the spans it matches.
    const context = ctx.state.doc.sliceString(0, site.from);
    const abort = new AbortController();
    ctx.addEventListener('abort', () => abort.abort());
    switch (site.kind) {
      case 'start':
        return {
          from: site.from,
          options: [
            option(
              {
                label: '{ }',
                detail: 'span set: conditions on one span',
                type: 'keyword',
                apply: apply('{  }', { back: 2 }),
              },
              true,
            ),
          ],
        };
      case 'field':
        return { from: site.from, options: fieldOptions(), validFor: /^[\w:]*$/ };
      case 'attribute': {
        const options = await attributeOptions(site, tags(), abort.signal, context);
        if (ctx.aborted) return null;
        return { from: site.from, options, validFor: site.quoted ? /^[^"]*$/ : /^[^\s{}()=~!<>&|^,"`]*$/ };
      }
      case 'operator':
        return {
          from: site.from,
          options: words(COMPARISONS, 'operator', (w) => `${w.label} `, true),
          validFor: /^[=!<>~]*$/,
        };
      case 'value': {
        const options = await valueOptions(site, tags(), abort.signal, context);
        if (ctx.aborted || options.length === 0) return null;
        // Typing inside quotes filters on the text after the quote.
        const from = site.quoted ? site.from + 1 : site.from;
        return { from, options, validFor: site.quoted ? /^[^"]*$/ : /^[\w.:/-]*$/ };
      }
      case 'combinator':
        return site.inSpanset
          ? { from: site.from, options: words(FIELD_COMBINATORS, 'operator', (w) => `${w.label} `, true) }
          : { from: site.from, options: words(SPANSET_OPERATORS, 'operator', (w) => `${w.label} `, true) };
      case 'pipeline':
        return {
          from: site.from,
          options: PIPELINE_FUNCTIONS.map((f) =>
            option(
              {
                label: f.label,
                detail: f.detail,
                type: 'function',
                apply: f.args ? apply(f.label, { back: 1 }) : apply(`${f.label} `),
                sortText: String(PIPELINE_FUNCTIONS.indexOf(f)).padStart(3, '0'),
              },
              true,
            ),
          ),
          validFor: /^\w*$/,
        };
    }
  };
}

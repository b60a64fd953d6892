/**
 * Traces drawn in ASCII for algorithm tests (STYLE habit 11), and trees drawn back the same way,
 * so that a test shows its input and its expected result as pictures.
 *
 * Input, one span per line (blank lines and lines starting with '#' are skipped; the common
 * indentation is removed first):
 *
 *     root                |==========|
 *       a                  |===|
 *       b [svc=db err]          |====|
 *     c<ghost              |==|
 *     d<a [nostart]              |=|
 *
 *  - label: 1 to 8 characters of [A-Za-z0-9_.-]; the span id is the label's ASCII bytes in hex,
 *    left-padded to 16 digits (so ids read back as labels), and the span name is the label.
 *    Two lines with one label are two spans with one id.
 *  - parent: the nearest line above that is less indented; `label<parent` names it explicitly
 *    (a label that is not drawn makes an orphan; `a<a` is a self-parent). Unindented lines
 *    without `<` are roots.
 *  - bar: the first '|' is the start, the next '|' the end, '=' or '-' between; a lone '|' is a
 *    zero duration. One column is `unitNs` (default 1000 ns, so durations read in µs). Only the
 *    column matters, not what is left of it.
 *  - options in [ ], space separated: `svc=NAME` (default `svc`), `name=NAME`, `err` (status
 *    ERROR), `shared` (Zipkin server half),
 *    `kind=client|server|producer|consumer|internal|unspecified`,
 *    `nostart` (no start time; the bar still gives the duration), `nodur` (no duration),
 *    `dur=N` (duration N columns, may be negative), `ok` (status OK); details (ascii-details.ts):
 *    `span.KEY=VALUE` and `resource.KEY=VALUE` (attributes; KEY may hold dots, VALUE no spaces;
 *    VALUE is a string unless typed, e.g. `i:500`), `event=NAME@N`, `link=LABEL`, `scope=NAME@V`,
 *    `msg=TEXT`.
 *
 * Output (drawTree): one node per line in pre-order, indented two spaces per depth, the name (a
 * synthetic "missing parent" node shows `?label`), flag marks (orphan, dup, cycle, skew, err,
 * nostart, nodur), then the bar at its column; labels are padded to one common width.
 */
import { isZeroSpanId } from '../core/model/ids.ts';
import { type SpanInput, type SpanTable, TraceSetBuilder } from '../core/model/span-table.ts';
import { EMPTY_DETAILS, SpanKind, StatusCode } from '../core/model/types.ts';
import { NodeFlag, type TraceTree } from '../core/tree/types.ts';
import { asciiDetails } from './ascii-details.ts';

export const ASCII_TRACE_ID = 'a5c11a5c11a5c11a5c11a5c11a5c11a5';
const BASE_NS = 1_700_000_000_000_000_000n;

export interface AsciiOptions {
  /** Nanoseconds per column (default 1000). */
  readonly unitNs?: number;
  /** Decoder warnings to put on the table. */
  readonly warnings?: readonly string[];
  /** Trace id of the spans (default ASCII_TRACE_ID), for data sets of several traces. */
  readonly traceId?: string;
}

const KINDS: Record<string, number> = {
  unspecified: SpanKind.Unspecified,
  internal: SpanKind.Internal,
  server: SpanKind.Server,
  client: SpanKind.Client,
  producer: SpanKind.Producer,
  consumer: SpanKind.Consumer,
};

/** Span id of a label: its ASCII bytes in hex, left-padded to 16 digits. */
export function idOf(label: string): string {
  if (!/^[\w.-]{1,8}$/.test(label))
    throw new Error(`ascii-trace: bad label "${label}" (1-8 of [A-Za-z0-9_.-])`);
  let hex = '';
  for (let i = 0; i < label.length; i++) hex += label.charCodeAt(i).toString(16).padStart(2, '0');
  return hex.padStart(16, '0');
}

/** The label of an id made by idOf (other ids come back as they are). */
export function labelOf(id: string): string {
  if (isZeroSpanId(id) || !/^[0-9a-f]{16}$/.test(id)) return id;
  const hex = id.replace(/^(00)+/, '');
  let out = '';
  for (let i = 0; i < hex.length; i += 2)
    out += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return /^[\w.-]+$/.test(out) ? out : id;
}

/** Removes blank first/last lines and the indentation common to all non-blank lines. */
export function dedent(text: string): string {
  const lines = text.replace(/\t/g, '  ').split('\n');
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  let common = Number.POSITIVE_INFINITY;
  for (const l of lines) if (l.trim() !== '') common = Math.min(common, l.length - l.trimStart().length);
  return lines.map((l) => l.slice(Number.isFinite(common) ? common : 0).trimEnd()).join('\n');
}

interface ParsedLine {
  readonly label: string;
  readonly parent: string;
  readonly options: ReadonlyMap<string, string>;
  /** The options in the order written (a key may repeat: `event=a event=b`). */
  readonly pairs: readonly (readonly [string, string])[];
  readonly startCol: number | null;
  readonly endCol: number | null;
}

const HEAD = /^([\w.-]+)(?:\s*<\s*([\w.-]+))?(?:\s*\[([^\]]*)\])?$/;

function parseLine(line: string, lineNo: number, stack: { indent: number; label: string }[]): ParsedLine {
  const fail = (why: string): never => {
    throw new Error(`ascii-trace line ${lineNo}: ${why}: "${line}"`);
  };
  const barAt = line.indexOf('|');
  const head = barAt < 0 ? line : line.slice(0, barAt);
  const indent = head.length - head.trimStart().length;
  const m = HEAD.exec(head.trim());
  if (!m) return fail('expected label[<parent][ [options]]');
  const [, label, explicitParent, optionText] = m;
  idOf(label);
  let startCol: number | null = null;
  let endCol: number | null = null;
  if (barAt >= 0) {
    const close = line.indexOf('|', barAt + 1);
    const fill = close < 0 ? '' : line.slice(barAt + 1, close);
    const after = close < 0 ? line.slice(barAt + 1) : line.slice(close + 1);
    if (!/^[=-]*$/.test(fill) || after.trim() !== '') fail('a bar is |===| or a lone |');
    startCol = barAt;
    endCol = close < 0 ? barAt : close;
  }
  while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
  const parent = explicitParent ?? stack[stack.length - 1]?.label ?? '';
  stack.push({ indent, label });
  const pairs = (optionText ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((opt): [string, string] => {
      const eq = opt.indexOf('=');
      return [eq < 0 ? opt : opt.slice(0, eq), eq < 0 ? '' : opt.slice(eq + 1)];
    });
  return { label, parent, options: new Map(pairs), pairs, startCol, endCol };
}

function toSpan(p: ParsedLine, unitNs: number, traceId: string): SpanInput {
  const o = p.options;
  const kind = o.has('kind') ? KINDS[o.get('kind') as string] : SpanKind.Internal;
  if (kind === undefined) throw new Error(`ascii-trace: unknown kind "${o.get('kind')}"`);
  const cols = (c: number): bigint => BigInt(Math.round(c * unitNs));
  let durNs: bigint | null = p.startCol === null ? null : cols((p.endCol as number) - p.startCol);
  if (o.has('dur')) durNs = cols(Number(o.get('dur')));
  if (o.has('nodur')) durNs = null;
  const hasStart = p.startCol !== null && !o.has('nostart');
  const drawnStartNs = BASE_NS + cols(p.startCol ?? 0);
  const details = asciiDetails({ options: p.pairs, traceId, startNs: drawnStartNs, unitNs, idOf });
  return {
    traceId,
    spanId: idOf(p.label),
    parentId: p.parent === '' ? '' : idOf(p.parent),
    name: o.get('name') || p.label,
    service: o.get('svc') || 'svc',
    kind,
    status: o.has('err') ? StatusCode.Error : o.has('ok') ? StatusCode.Ok : StatusCode.Unset,
    startNs: hasStart ? drawnStartNs : null,
    durNs,
    eventTimesNs: details.events.map((e) => e.timeNs),
    shared: o.has('shared'),
    details,
  };
}

/** The span table of a drawing (see the file comment for the syntax). */
export function asciiTrace(drawing: string, options: AsciiOptions = {}): SpanTable {
  const unitNs = options.unitNs ?? 1000;
  const builder = new TraceSetBuilder();
  builder.format = 'ascii';
  const stack: { indent: number; label: string }[] = [];
  dedent(drawing)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '' || line.trim().startsWith('#')) return;
      builder.add(toSpan(parseLine(line, i + 1, stack), unitNs, options.traceId ?? ASCII_TRACE_ID));
    });
  const tables = builder.build();
  if (tables.length !== 1) throw new Error('ascii-trace: a drawing must hold at least one span');
  if (!options.warnings?.length) return tables[0];
  return { ...tables[0], warnings: [...options.warnings] };
}

/** A trace of no spans, as a file without spans would give one (drawings hold at least one). */
export function emptyTable(traceId = ASCII_TRACE_ID): SpanTable {
  return {
    traceId,
    format: 'ascii',
    count: 0,
    baseNs: BASE_NS,
    startNs: new Float64Array(0),
    durNs: new Float64Array(0),
    spanIds: [],
    parentIds: [],
    names: new Uint32Array(0),
    services: new Uint32Array(0),
    strings: [],
    kinds: new Uint8Array(0),
    statuses: new Uint8Array(0),
    flags: new Uint8Array(0),
    eventStart: new Uint32Array(1),
    eventNs: new Float64Array(0),
    warnings: [],
    details: () => EMPTY_DETAILS,
  };
}

const MARKS: readonly [number, string][] = [
  [NodeFlag.Orphan, 'orphan'],
  [NodeFlag.DuplicateId, 'dup'],
  [NodeFlag.CycleBroken, 'cycle'],
  [NodeFlag.SkewAdjusted, 'skew'],
  [NodeFlag.Error, 'err'],
  [NodeFlag.MissingStart, 'nostart'],
  [NodeFlag.MissingDuration, 'nodur'],
];

/** The tree drawn as text (see the file comment); bars use the tree's (adjusted) times. */
export function drawTree(tree: TraceTree, options: { readonly unitNs?: number } = {}): string {
  const { table } = tree;
  const heads: string[] = [];
  for (let k = 0; k < tree.nodeCount; k++) {
    const r = tree.row[k];
    const name = r < 0 ? `?${labelOf(tree.spanIdOf(k))}` : table.strings[table.names[r]];
    const marks = MARKS.filter(([bit]) => tree.nodeFlags[k] & bit).map(([, m]) => m);
    heads.push(`${'  '.repeat(tree.depth[k])}${name}${marks.length ? ` [${marks.join(' ')}]` : ''}`);
  }
  return withBars(heads, tree.startNs, tree.endNs, options.unitNs ?? 1000);
}

/**
 * Row heads padded to one width, each followed by its bar (`|==|`, or `|` for a zero duration) at
 * its column, the earliest start at column 0: the picture side of drawTree and of drawDiff.
 */
export function withBars(
  heads: readonly string[],
  startNs: Float64Array,
  endNs: Float64Array,
  unitNs: number,
): string {
  const width = Math.max(0, ...heads.map((h) => h.length)) + 1;
  const col = (ns: number): number => Math.round(ns / unitNs);
  let origin = Number.POSITIVE_INFINITY;
  for (let k = 0; k < heads.length; k++) origin = Math.min(origin, col(startNs[k]));
  return heads
    .map((head, k) => {
      const from = col(startNs[k]) - origin;
      const to = col(endNs[k]) - origin;
      const bar = to > from ? `|${'='.repeat(to - from - 1)}|` : '|';
      return `${head.padEnd(width)}${' '.repeat(from)}${bar}`;
    })
    .join('\n');
}

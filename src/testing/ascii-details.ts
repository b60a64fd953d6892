/**
 * The span details of an ASCII-drawn span (ascii-trace.ts), from its options, in the order written:
 *
 *   span.KEY=V  resource.KEY=V        attributes of the span / of its resource
 *   event=NAME[@N]  event.KEY=V       an event N columns after the span's start (default 0); KEY
 *                                     goes to the last event written before it
 *   link=LABEL[@TRACEID]  link.KEY=V  a link to the span LABEL (of this trace, or of TRACEID)
 *   scope=NAME[@VERSION]  scope.KEY=V the instrumentation scope
 *   msg=TEXT                          the status message
 *
 * V is a string, or typed: `i:42` int, `f:1.5` double, `b:true` bool, `a:x,i:1` array of those.
 * Values hold no spaces.
 */
import {
  type Attribute,
  type AttrValue,
  EMPTY_DETAILS,
  type SpanDetails,
  type SpanEvent,
  type SpanLink,
} from '../core/model/types.ts';

export interface DetailsInput {
  readonly options: readonly (readonly [string, string])[];
  readonly traceId: string;
  /** Absolute start of the span (event times are from it), ns. */
  readonly startNs: bigint;
  readonly unitNs: number;
  /** Span id of a label. */
  readonly idOf: (label: string) => string;
}

export function asciiValue(text: string): AttrValue {
  if (text.startsWith('a:')) {
    const inner = text.slice(2);
    return { type: 'array', value: inner === '' ? [] : inner.split(',').map(asciiValue) };
  }
  if (text.startsWith('i:')) return { type: 'int', value: BigInt(text.slice(2)) };
  if (text.startsWith('f:')) return { type: 'double', value: Number(text.slice(2)) };
  if (text.startsWith('b:')) return { type: 'bool', value: text.slice(2) === 'true' };
  return { type: 'string', value: text };
}

type MutableEvent = { timeNs: bigint; name: string; attributes: Attribute[] };
type MutableLink = { traceId: string; spanId: string; attributes: Attribute[] };

/** EMPTY_DETAILS when the options give no detail. */
export function asciiDetails(input: DetailsInput): SpanDetails {
  const attributes: Attribute[] = [];
  const resource: Attribute[] = [];
  const events: MutableEvent[] = [];
  const links: MutableLink[] = [];
  const scope = { name: '', version: '', attributes: [] as Attribute[] };
  let statusMessage = '';
  for (const [key, raw] of input.options) {
    const dot = key.indexOf('.');
    const head = dot < 0 ? key : key.slice(0, dot);
    const attr = (): Attribute => ({ key: key.slice(dot + 1), value: asciiValue(raw) });
    const [first, second] = raw.split('@');
    if (head === 'span' && dot > 0) attributes.push(attr());
    else if (head === 'resource' && dot > 0) resource.push(attr());
    else if (key === 'event')
      events.push({
        name: first,
        timeNs: input.startNs + BigInt(Math.round(Number(second ?? 0) * input.unitNs)),
        attributes: [],
      });
    else if (head === 'event' && dot > 0) lastOf(events, key).attributes.push(attr());
    else if (key === 'link')
      links.push({ traceId: second ?? input.traceId, spanId: input.idOf(first), attributes: [] });
    else if (head === 'link' && dot > 0) lastOf(links, key).attributes.push(attr());
    else if (key === 'scope') Object.assign(scope, { name: first, version: second ?? '' });
    else if (head === 'scope' && dot > 0) scope.attributes.push(attr());
    else if (key === 'msg') statusMessage = raw;
  }
  const none =
    attributes.length + resource.length + events.length + links.length + scope.attributes.length === 0 &&
    scope.name === '' &&
    statusMessage === '';
  if (none) return EMPTY_DETAILS;
  return {
    ...EMPTY_DETAILS,
    attributes,
    resource: { attributes: resource },
    events: events as SpanEvent[],
    links: links as SpanLink[],
    scope,
    statusMessage,
  };
}

function lastOf<T>(list: T[], key: string): T {
  const last = list[list.length - 1];
  if (last === undefined) throw new Error(`ascii-trace: ${key} before any ${key.split('.')[0]}=`);
  return last;
}

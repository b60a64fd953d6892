/**
 * Byte layout of the columnar trace transfer (`application/vnd.spanscope.columnar`), version 2.
 * A 1M-span trace as OTLP JSON may not fit in one V8 string; this format carries the hot columns as
 * raw typed arrays (viewed in place, without copying, on the receiving side) and the cold details as
 * UTF-8 JSON blobs that are decoded one span at a time.
 *
 *   u32 magic 'SSCT' · u32 version · u32 header length · u32 0 · header JSON (UTF-8) · sections
 *
 * The header names each section's byte offset and length; every section starts at a multiple of 8,
 * so typed arrays can view it in place. All numbers are little-endian.
 * A text list (strings, resources, scopes, details) is two sections: `<name>.offsets` (u32, count + 1
 * UTF-8 byte offsets) and `<name>.bytes`.
 *
 * Details travel either inline (the `details` text list) or deferred: the body then carries the
 * `detailKeys` section instead (u32 per span, ascending), and the receiver fetches the details of
 * span i later by its key `keyBase + detailKeys[i]` (detail-batch.ts), so a big trace can be drawn
 * before its ~400 bytes per span of details have travelled.
 */

/** 'SSCT' read as a little-endian u32. */
export const COLUMNAR_MAGIC = 0x54435353;
export const COLUMNAR_VERSION = 2;
/** magic, version, header length, padding. */
export const PREAMBLE_BYTES = 16;

export interface SectionRef {
  readonly offset: number;
  readonly byteLength: number;
}

export type DetailsMode =
  | { readonly mode: 'inline' }
  /** Decimal string: a bigint does not survive JSON. */
  | { readonly mode: 'deferred'; readonly keyBase: string };

export interface ColumnarHeader {
  readonly traceId: string;
  readonly format: string;
  /** Decimal string: a bigint does not survive JSON. */
  readonly baseNs: string;
  readonly count: number;
  readonly eventCount: number;
  readonly warnings: readonly string[];
  readonly details: DetailsMode;
  readonly sections: Readonly<Record<string, SectionRef>>;
}

/** Element type of each fixed section: f64/u32/u8 typed arrays, or id8 (8 raw bytes per id). */
export type ElementType = 'f64' | 'u32' | 'u8' | 'id8';
export const ELEMENT_BYTES: Record<ElementType, number> = { f64: 8, u32: 4, u8: 1, id8: 8 };

/** Sections of fixed element size, with their element count for n spans and m events. */
export const FIXED_SECTIONS = {
  startNs: { type: 'f64', count: (n: number) => n },
  durNs: { type: 'f64', count: (n: number) => n },
  eventNs: { type: 'f64', count: (_n: number, m: number) => m },
  names: { type: 'u32', count: (n: number) => n },
  services: { type: 'u32', count: (n: number) => n },
  eventStart: { type: 'u32', count: (n: number) => n + 1 },
  resourceOf: { type: 'u32', count: (n: number) => n },
  scopeOf: { type: 'u32', count: (n: number) => n },
  kinds: { type: 'u8', count: (n: number) => n },
  statuses: { type: 'u8', count: (n: number) => n },
  flags: { type: 'u8', count: (n: number) => n },
  spanIds: { type: 'id8', count: (n: number) => n },
  /** All zeros for none. */
  parentIds: { type: 'id8', count: (n: number) => n },
} as const satisfies Record<string, { type: ElementType; count: (n: number, m: number) => number }>;

export type FixedSection = keyof typeof FIXED_SECTIONS;

/** The section that replaces the `details` list when details are deferred: u32 per span. */
export const DETAIL_KEYS = 'detailKeys';

export const TEXT_LISTS = ['strings', 'resources', 'scopes', 'details'] as const;
export type TextList = (typeof TEXT_LISTS)[number];

/** The text lists a body of this details mode carries. */
export function textListsOf(mode: DetailsMode['mode']): readonly TextList[] {
  return mode === 'inline' ? TEXT_LISTS : TEXT_LISTS.filter((name) => name !== 'details');
}

export function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

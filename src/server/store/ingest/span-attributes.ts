/**
 * A span's attributes (protobufjs KeyValue messages) → in one pass, the elements of its OTLP JSON
 * `attributes` (for the detail, otlp-proto/detail-text.ts), its search object (search-attrs.ts), and
 * its autocomplete tags. Most attributes repeat from span to span with the same short value, so the
 * texts of each such key and value are written once and kept (bounded), together with whether its
 * tag was added: a repeated attribute then costs two Map lookups and two concatenations of strings
 * made flat once, instead of two JSON.stringify calls, a dozen pieces and four catalog lookups.
 */
import type { ProtoKeyValue } from '../../../core/formats/otlp-proto/any-value.ts';
import { keyValueText } from '../../../core/formats/otlp-proto/detail-text.ts';
import { longDecimal } from '../../../core/formats/otlp-proto/long.ts';
import type { SpanLimits } from '../../../core/model/span-limits.ts';
import { duplicateKeys, protoSearchMember } from '../schema/search-attrs.ts';
import type { TagCatalog } from '../schema/tag-catalog.ts';
import { type BytesEntry, BytesKeyed, sameBytes } from './bytes-keyed.ts';

/** Longer values rarely repeat: they are written each time. */
const MAX_VALUE_CHARS = 256;
const MAX_VALUES_PER_KEY = 256;
/** Past this many keys, everything kept is dropped (hostile input with endless keys). */
const MAX_KEYS = 4096;

interface Texts {
  readonly key: string;
  readonly detail: string;
  readonly search: string;
  /** Whether its span-scope tag went through the catalog already (later additions would change nothing). */
  tagged: boolean;
  readonly kv: ProtoKeyValue;
}

interface KeyTexts {
  readonly strings: Map<string, Texts>;
  /** By decimal value. */
  readonly ints: Map<string, Texts>;
  readonly bools: [Texts | undefined, Texts | undefined];
  size: number;
}

export interface SpanAttributesText {
  /** keyValuesText of the list (no brackets). */
  readonly detail: string;
  /** protoSearchAttrsJson of the list. */
  readonly search: string;
}

const NONE: SpanAttributesText = { detail: '', search: '{}' };

/** V8 keeps a concatenation as a tree of pieces; reading it as a number makes it one flat string in place. */
function flat(s: string): string {
  void Number(s);
  return s;
}

function textsOf(kv: ProtoKeyValue): Texts {
  return {
    key: kv.key ?? '',
    detail: flat(keyValueText(kv)),
    search: flat(protoSearchMember(kv)),
    tagged: false,
    kv,
  };
}

/** The texts of an attribute that is not kept (its tag is added each time). */
function onceTexts(kv: ProtoKeyValue): Texts {
  return { key: kv.key ?? '', detail: keyValueText(kv), search: protoSearchMember(kv), tagged: false, kv };
}

export class SpanAttributeTexts {
  private readonly keys = new Map<string, KeyTexts>();
  /** The kept texts again, by the attribute's bytes (the direct path, wire-batch.ts). */
  private readonly byBytes = new BytesKeyed<Texts>(MAX_KEYS * 16);
  private bytesLimits: SpanLimits | null = null;
  /** The entries of the last span's attributes, by place. */
  private readonly previous: BytesEntry<Texts>[] = [];
  private readonly entries: Texts[] = [];

  /** `tags` gets the span attributes' tags (the preparer's filter catalog). */
  constructor(private readonly tags: TagCatalog) {}

  texts(list: readonly ProtoKeyValue[] | undefined): SpanAttributesText {
    if (!list || list.length === 0) return NONE;
    const entries = this.entries;
    entries.length = 0;
    for (const kv of list) entries.push(this.kept(kv) ?? onceTexts(kv));
    return this.joined(entries);
  }

  /**
   * The texts of the first `count` attributes whose KeyValue payloads are at `ranges` ([start, end)
   * pairs) in `bytes`: kept ones found by their bytes, the others decoded (and cut to `limits`) by
   * `decode`. Equals texts() of the decoded list.
   */
  wireTexts(
    bytes: Uint8Array,
    ranges: readonly number[],
    count: number,
    limits: SpanLimits,
    decode: (start: number, end: number) => ProtoKeyValue,
  ): SpanAttributesText {
    if (count === 0) return NONE;
    // Kept texts are those of values cut to the limits: other limits, other texts.
    if (limits !== this.bytesLimits) {
      this.clear();
      this.bytesLimits = limits;
    }
    const entries = this.entries;
    entries.length = 0;
    const previous = this.previous;
    for (let a = 0; a < count; a++) {
      const start = ranges[2 * a];
      const end = ranges[2 * a + 1];
      // Spans of one instrumentation repeat their attributes in the same order: the entry at this
      // place last time is compared first, and the hash computed only when it differs.
      const last = previous[a];
      let entry =
        last && sameBytes(last.bytes, bytes, start, end) ? last : this.byBytes.get(bytes, start, end);
      if (!entry) {
        const kv = decode(start, end);
        const kept = this.kept(kv);
        if (kept) entry = this.byBytes.set(bytes, start, end, kept);
        else entries.push(onceTexts(kv));
      }
      if (entry) {
        previous[a] = entry;
        entries.push(entry.value);
      }
    }
    return this.joined(entries);
  }

  /** Drops every kept text (and with them the marks of tags added). */
  clear(): void {
    this.keys.clear();
    this.byBytes.clear();
    this.previous.length = 0;
  }

  private joined(entries: readonly Texts[]): SpanAttributesText {
    const isDuplicate = duplicateKeys(entries);
    let detail = '';
    let search = '';
    for (let i = 0; i < entries.length; i++) {
      const t = entries[i];
      detail += i ? `,${t.detail}` : t.detail;
      if (!isDuplicate?.(i)) search += search ? `,${t.search}` : t.search;
      if (!t.tagged) {
        this.tags.addProtoAttribute('span', t.kv);
        t.tagged = true;
      }
    }
    return { detail, search: `{${search}}` };
  }

  /** The kept texts of a string, int or bool attribute (made now when there is room), or null. */
  private kept(kv: ProtoKeyValue): Texts | null {
    const v = kv.value;
    const type = v?.value;
    if (!v || (type !== 'string_value' && type !== 'int_value' && type !== 'bool_value')) return null;
    const key = kv.key ?? '';
    let k = this.keys.get(key);
    if (!k) {
      if (this.keys.size >= MAX_KEYS) this.clear();
      k = { strings: new Map(), ints: new Map(), bools: [undefined, undefined], size: 0 };
      this.keys.set(key, k);
    }
    if (type === 'bool_value') {
      const i = v.bool_value ? 1 : 0;
      return (k.bools[i] ??= textsOf(kv));
    }
    let values: Map<string, Texts>;
    let value: string;
    if (type === 'string_value') {
      value = v.string_value ?? '';
      if (value.length > MAX_VALUE_CHARS) return null;
      values = k.strings;
    } else {
      value = longDecimal(v.int_value, true);
      values = k.ints;
    }
    let texts = values.get(value);
    if (!texts && k.size < MAX_VALUES_PER_KEY) {
      texts = textsOf(kv);
      values.set(value, texts);
      k.size++;
    }
    return texts ?? null;
  }
}

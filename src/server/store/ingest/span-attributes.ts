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
import { duplicateKeys, protoSearchMember } from '../schema/search-attrs.ts';
import type { TagCatalog } from '../schema/tag-catalog.ts';

/** Longer values rarely repeat: they are written each time. */
const MAX_VALUE_CHARS = 256;
const MAX_VALUES_PER_KEY = 256;
/** Past this many keys, everything kept is dropped (hostile input with endless keys). */
const MAX_KEYS = 4096;

interface Texts {
  readonly detail: string;
  readonly search: string;
  /** Whether its span-scope tag went through the catalog already (later additions would change nothing). */
  tagged: boolean;
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
  return { detail: flat(keyValueText(kv)), search: flat(protoSearchMember(kv)), tagged: false };
}

export class SpanAttributeTexts {
  private readonly keys = new Map<string, KeyTexts>();

  /** `tags` gets the span attributes' tags (the preparer's filter catalog). */
  constructor(private readonly tags: TagCatalog) {}

  texts(list: readonly ProtoKeyValue[] | undefined): SpanAttributesText {
    if (!list || list.length === 0) return NONE;
    const isDuplicate = duplicateKeys(list);
    let detail = '';
    let search = '';
    for (let i = 0; i < list.length; i++) {
      const kv = list[i];
      const kept = this.kept(kv);
      if (kept) {
        detail += i ? `,${kept.detail}` : kept.detail;
        if (!isDuplicate?.(i)) search += search ? `,${kept.search}` : kept.search;
        if (!kept.tagged) {
          this.tags.addProtoAttribute('span', kv);
          kept.tagged = true;
        }
      } else {
        detail += i ? `,${keyValueText(kv)}` : keyValueText(kv);
        if (!isDuplicate?.(i)) search += `${search ? ',' : ''}${protoSearchMember(kv)}`;
        this.tags.addProtoAttribute('span', kv);
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
      if (this.keys.size >= MAX_KEYS) this.keys.clear();
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

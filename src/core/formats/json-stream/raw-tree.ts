/**
 * The documents the splitter puts together, as trees whose leaves are raw values of the input (bytes
 * already checked by the scanner): turned into parsed values (each leaf through parseJsonText, wide
 * integers kept exact) or into the bytes of one standalone document (the leaves copied as they are,
 * plus the brackets, keys and commas around them), so that the bytes output parses nothing.
 */
import { parseJsonText } from '../parse-input.ts';
import { utf8Decode, utf8Encode } from '../text.ts';

/** One value of the input, `offset` being where it starts in the whole input (for messages). */
export class RawLeaf {
  constructor(
    readonly bytes: Uint8Array,
    readonly offset: number,
  ) {}
}

/** An object's members in order (a repeated key keeps its first place and its last value, as in JS). */
export type RawObject = Map<string, RawNode>;
export type RawNode = RawLeaf | RawNode[] | RawObject;

export function toValue(node: RawNode): unknown {
  if (node instanceof RawLeaf) return parseJsonText(utf8Decode(node.bytes), node.offset);
  if (Array.isArray(node)) return node.map(toValue);
  const out: Record<string, unknown> = {};
  for (const [key, value] of node) out[key] = toValue(value);
  return out;
}

const COMMA = 0x2c;
const COLON = 0x3a;

/** Encoded keys (with their quotes): documents repeat a handful of them. */
const keyBytes = new Map<string, Uint8Array>();

function encodedKey(key: string): Uint8Array {
  let bytes = keyBytes.get(key);
  if (bytes === undefined) {
    bytes = utf8Encode(JSON.stringify(key));
    if (keyBytes.size < 1024) keyBytes.set(key, bytes);
  }
  return bytes;
}

function size(node: RawNode): number {
  if (node instanceof RawLeaf) return node.bytes.length;
  let n = 2;
  if (Array.isArray(node)) {
    for (const item of node) n += size(item) + 1;
    return node.length > 0 ? n - 1 : n;
  }
  for (const [key, value] of node) n += encodedKey(key).length + 1 + size(value) + 1;
  return node.size > 0 ? n - 1 : n;
}

/** Writes `node` at out[at]; returns the index after it. */
function write(node: RawNode, out: Uint8Array, at: number): number {
  if (node instanceof RawLeaf) {
    out.set(node.bytes, at);
    return at + node.bytes.length;
  }
  let i = at;
  if (Array.isArray(node)) {
    out[i++] = 0x5b;
    node.forEach((item, k) => {
      if (k > 0) out[i++] = COMMA;
      i = write(item, out, i);
    });
    out[i++] = 0x5d;
    return i;
  }
  out[i++] = 0x7b;
  let first = true;
  for (const [key, value] of node) {
    if (!first) out[i++] = COMMA;
    first = false;
    const k = encodedKey(key);
    out.set(k, i);
    i += k.length;
    out[i++] = COLON;
    i = write(value, out, i);
  }
  out[i++] = 0x7d;
  return i;
}

/** The bytes of the document `node` (a new array, sharing nothing with the input). */
export function toBytes(node: RawNode): Uint8Array {
  const out = new Uint8Array(size(node));
  write(node, out, 0);
  return out;
}

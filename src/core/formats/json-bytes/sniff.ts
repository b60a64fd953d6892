/**
 * What the first element of a top-level array is, read from the bytes without moving the cursor:
 * detectJsonFormat tells a Jaeger span array from a Zipkin one by the keys of that element.
 */
import { Byte, type JsonBytes } from './cursor.ts';
import { type KeyTable, OBJECT_END } from './keys.ts';

/** The first element is an array. */
export const FIRST_IS_ARRAY = -2;
/** The array is empty. */
export const EMPTY_ARRAY = -3;
/** Anything else: not an object, an escaped key, invalid bytes. */
export const FIRST_IS_OTHER = -1;

/**
 * For the array whose '[' is at the cursor: a bit mask of which of `keys` its first element (an
 * object) has (bit i: keys[i]), or one of the negative codes above. The cursor is left where it was.
 */
export function firstElementKeys(j: JsonBytes, keys: KeyTable): number {
  const saved = j.pos;
  try {
    if (!j.open(Byte.LBRACKET)) return FIRST_IS_OTHER;
    if (j.nextElement(true) === 0) return EMPTY_ARRAY;
    if (j.bytes[j.pos] === Byte.LBRACKET) return FIRST_IS_ARRAY;
    if (!j.open(Byte.LBRACE)) return FIRST_IS_OTHER;
    let mask = 0;
    for (let key = keys.next(j, true); key !== OBJECT_END; key = keys.next(j, false)) {
      if (key === -1 || !j.skipValue()) return FIRST_IS_OTHER;
      if (key >= 0) mask |= 1 << key;
    }
    return mask;
  } finally {
    j.pos = saved;
  }
}

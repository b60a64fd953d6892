/**
 * Ids as schema 2 stores them: a trace id as UHUGEINT, a span id and a parent id as UBIGINT, 0 for
 * "no parent". Every id the store takes is canonical (DESIGN §2: 32 / 16 lower-case hex digits,
 * 64-bit trace ids left-padded, never all zeros; a parent id absent or all zeros is ''), so the
 * numbers map one to one onto the hex texts, and their order is the texts' order: answers sorted by
 * id are sorted as before. The numbers cost a fixed 16 / 8 bytes and a memcpy per column at ingest
 * where the texts cost a string each, and the columnar answer reads span ids as they are stored.
 *
 * JS side: hex → the numbers' little-endian bytes (the vectors' memory layout; UHUGEINT is its low
 * word then its high word, so the 16 bytes are the id's bytes reversed). SQL side: expressions that
 * turn a hex parameter into the stored number and a stored number back into the hex text.
 */

const HEX_VALUE = new Uint8Array(128);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;

/**
 * Writes the id `hex` (canonical, or '' for 0) as a little-endian number of `bytes` bytes at `at`.
 */
export function putHexId(out: Uint8Array, at: number, hex: string, bytes: number): void {
  if (hex === '') {
    out.fill(0, at, at + bytes);
    return;
  }
  for (let k = 0; k < bytes; k++) {
    out[at + bytes - 1 - k] = (HEX_VALUE[hex.charCodeAt(2 * k)] << 4) | HEX_VALUE[hex.charCodeAt(2 * k + 1)];
  }
}

/** A trace id's stored number (appender values). */
export function traceIdNumber(hex: string): bigint {
  return BigInt(`0x${hex}`);
}

/** SQL: the stored UHUGEINT of `hex`, an SQL expression of a canonical trace id (DuckDB casts '0x…' to 64 bits at most). */
export function traceIdOfHex(hex: string): string {
  return `(('0x' || substr(${hex}, 1, 16))::UBIGINT::UHUGEINT << 64 | ('0x' || substr(${hex}, 17, 16))::UBIGINT::UHUGEINT)`;
}

/** SQL: a subquery of the stored UHUGEINTs of `list`, a VARCHAR[] of canonical trace ids (`IN` it). */
export function traceIdsOfHexList(list: string): string {
  return `(SELECT ${traceIdOfHex('h')} FROM unnest(${list}::VARCHAR[]) AS u(h))`;
}

/** SQL: the stored UBIGINT of `hex`, an SQL expression of a canonical span id. */
export function spanIdOfHex(hex: string): string {
  return `('0x' || ${hex})::UBIGINT`;
}

/** SQL: the trace id text of the UHUGEINT `column`. */
export function traceIdHex(column: string): string {
  return `printf('%032x', ${column})`;
}

/** SQL: the span id text of the UBIGINT `column`. */
export function spanIdHex(column: string): string {
  return `printf('%016x', ${column})`;
}

/** SQL: the parent id text of the UBIGINT `column`: '' for none, as the schema-1 column held. */
export function parentIdHex(column: string): string {
  return `CASE WHEN ${column} = 0 THEN '' ELSE printf('%016x', ${column}) END`;
}

/**
 * The columnar transfer decoder on hostile bytes (the browser decodes what the network gives it):
 * byte mutations and cuts of a real trace's encoding only ever end in its "columnar trace: …" error
 * or in a table whose every span and detail can be read. Inputs `npm run fuzz` found are replayed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../testing/fixtures.ts';
import { fuzzParameters, keepFailing } from '../../testing/fuzz.ts';
import { readFoundInputs } from '../../testing/hostile-files.ts';
import { decodeInput } from '../formats/index.ts';
import { TraceSetBuilder } from '../model/span-table.ts';
import { decodeColumnar } from './decode-columnar.ts';
import { columnarFromTable, encodeColumnar } from './encode-columnar.ts';

function encoded(rel: string): Uint8Array {
  const sink = new TraceSetBuilder();
  decodeInput(readFixture(rel), sink);
  return encodeColumnar(columnarFromTable(sink.build()[0]));
}

/** Decodes and reads everything; only the decoder's own refusal may be thrown. */
function readAll(bytes: Uint8Array): void {
  let table: ReturnType<typeof decodeColumnar>;
  try {
    table = decodeColumnar(bytes);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('columnar trace: ')) return;
    throw error;
  }
  for (let i = 0; i < table.count; i++) {
    void table.spanIds[i];
    table.details(i);
  }
}

const GOOD = encoded('otlp-json/jaeger-integ-link_attributes_trace.json');

describe('decodeColumnar on hostile bytes (property)', () => {
  it('byte mutations and cuts only end in its own error', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.array(fc.tuple(fc.nat(GOOD.length - 1), fc.integer({ min: 0, max: 255 })), {
            minLength: 1,
            maxLength: 6,
          }),
          fc.option(fc.nat(GOOD.length), { nil: undefined }),
        ),
        keepFailing(
          'columnar-mutation',
          'bin',
          ([edits, cut]) => mutate(edits, cut),
          ([edits, cut]) => readAll(mutate(edits, cut)),
        ),
      ),
      fuzzParameters(300),
    );
  });

  it.each(readFoundInputs('columnar-').map((f) => [f.name, f.bytes] as const))(
    'found input %s',
    (_, bytes) => {
      expect(() => readAll(bytes)).not.toThrow();
    },
  );
});

function mutate(edits: readonly [number, number][], cut: number | undefined): Uint8Array {
  const bytes = GOOD.slice();
  for (const [at, value] of edits) bytes[at] = value;
  return cut === undefined ? bytes : bytes.subarray(0, cut);
}

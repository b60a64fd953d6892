/**
 * Hostile input: random byte and JSON mutations of the real fixtures, truncations and pathological
 * documents must only ever end in a FormatError (or decode), never in another exception.
 */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../testing/fixtures.ts';
import { fuzzParameters, keepFailing } from '../../testing/fuzz.ts';
import { readFoundInputs } from '../../testing/hostile-files.ts';
import { TraceSetBuilder } from '../model/span-table.ts';
import { decodeInput, FormatError } from './index.ts';
import { parseInput } from './parse-input.ts';
import { utf8Encode } from './text.ts';

/** Decodes and reads every span's details; returns the error if one was thrown. */
function attempt(bytes: Uint8Array): unknown {
  try {
    const sink = new TraceSetBuilder();
    decodeInput(bytes, sink);
    for (const t of sink.build()) for (let i = 0; i < t.count; i++) t.details(i);
    return null;
  } catch (error) {
    return error;
  }
}

function expectOnlyFormatErrors(bytes: Uint8Array): void {
  const error = attempt(bytes);
  if (error !== null && !(error instanceof FormatError)) throw error;
}

// The 600 KB Zipkin file is left out to keep this fast; its structure repeats the smaller ones'.
const SMALL = listFixtures().filter((f) => !f.endsWith('.md') && !f.includes('smartthings'));

describe('hostile input', () => {
  it.each(SMALL)('random byte mutations of %s only throw FormatError', (rel) => {
    const original = readFixture(rel);
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(original.length - 1),
            fc.integer({ min: 0, max: 255 }),
            fc.constantFrom('set', 'insert', 'delete'),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        keepFailing(`decode-${rel.replace(/\W+/g, '_')}`, 'bin', mutated, (edits) =>
          expectOnlyFormatErrors(mutated(edits)),
        ),
      ),
      fuzzParameters(15),
    );

    function mutated(edits: readonly (readonly [number, number, string])[]): Uint8Array {
      const bytes = [...original];
      for (const [at, value, op] of edits) {
        const i = Math.min(at, bytes.length);
        if (op === 'set') bytes[i] = value;
        else if (op === 'insert') bytes.splice(i, 0, value);
        else bytes.splice(i, 1);
      }
      return Uint8Array.from(bytes);
    }
  });

  it.each(SMALL)('every truncation of %s only throws FormatError', (rel) => {
    const original = readFixture(rel);
    const step = Math.max(1, Math.floor(original.length / 30));
    for (let n = 0; n < original.length; n += step) expectOnlyFormatErrors(original.subarray(0, n));
    expectOnlyFormatErrors(gzipSync(original).subarray(0, 30));
  });

  it.each(SMALL.filter((f) => !f.endsWith('.pb')))(
    'random JSON mutations of %s only throw FormatError',
    (rel) => {
      let parsed: ReturnType<typeof parseInput>;
      try {
        parsed = parseInput(readFixture(rel));
      } catch {
        return; // the invalid-as-published Tempo docs files
      }
      const values = parsed.kind === 'json' ? [parsed.value] : parsed.kind === 'jsonl' ? parsed.values : [];
      fc.assert(
        fc.property(
          fc.nat(),
          fc.jsonValue({ maxDepth: 2 }),
          fc.constantFrom('replace', 'delete', 'wrap'),
          (pick, replacement, op) => {
            const value = structuredClone(values[0]);
            const slots: [Record<string, unknown> | unknown[], string | number][] = [];
            const walk = (node: unknown) => {
              if (node === null || typeof node !== 'object') return;
              for (const k of Object.keys(node)) {
                slots.push([node as Record<string, unknown>, Array.isArray(node) ? Number(k) : k]);
                walk((node as Record<string, unknown>)[k]);
              }
            };
            walk(value);
            if (slots.length === 0) return;
            const [parent, key] = slots[pick % slots.length];
            const p = parent as Record<string | number, unknown>;
            if (op === 'replace') p[key] = replacement;
            else if (op === 'wrap') p[key] = [p[key]];
            else if (Array.isArray(parent)) parent.splice(key as number, 1);
            else delete p[key];
            const bytes = utf8Encode(JSON.stringify(value));
            keepFailing(
              `decode-json-${rel.replace(/\W+/g, '_')}`,
              'json',
              (b: Uint8Array) => b,
              expectOnlyFormatErrors,
            )(bytes);
          },
        ),
        fuzzParameters(25),
      );
    },
  );

  it.each(readFoundInputs('decode-').map((f) => [f.name, f.bytes] as const))(
    'found input %s only throws FormatError',
    (_, bytes) => expectOnlyFormatErrors(bytes),
  );

  it.each([
    ['deep arrays', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
    ['deep objects', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`],
    [
      'a huge number',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"01","spanId":"01","startTimeUnixNano":1e400}]}]}]}',
    ],
    [
      '__proto__ keys',
      '{"__proto__":{"resourceSpans":1},"data":[{"__proto__":[],"spans":[{"__proto__":{}}]}]}',
    ],
    ['a lone surrogate name', '[{"traceId":"01","id":"01","name":"\\ud800"}]'],
    ['a non-JSON text', 'hello, world'],
    ['binary noise', '\u0000\u0001\u00ff\u00fe garbage'],
    ['an empty object', '{}'],
    ['null', 'null'],
    ['an array of nulls', '[null, null]'],
    ['a Zipkin array of arrays with junk', '[[1, "x", null], {}]'],
    [
      'a Jaeger span with a string references',
      '{"data":[{"spans":[{"traceID":"01","spanID":"01","references":"x"}]}]}',
    ],
    [
      'OTLP with a numeric kind out of range',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"01","spanId":"01","kind":1e9,"status":{"code":-1}}]}]}]}',
    ],
  ])('%s only throws FormatError', (_, text) => {
    expectOnlyFormatErrors(utf8Encode(text));
  });

  it('decodes pathological but valid values without throwing', () => {
    const text =
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"01","spanId":"01","kind":1e9,"status":{"code":-1}}]}]}]}';
    const sink = new TraceSetBuilder();
    decodeInput(utf8Encode(text), sink);
    expect(sink.build()[0].warnings).toEqual([
      'unknown span kind 1000000000 read as unspecified',
      'unknown status code -1 read as unset',
    ]);
  });
});

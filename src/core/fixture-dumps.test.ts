/**
 * Every real fixture, decoded and built into a tree, as a normalised text dump (one line per span:
 * depth, service, name, start offset, duration, flags) compared with the checked-in expectation in
 * testdata/dumps. A file a decoder refuses dumps its one-line error instead. Run
 * `npx vitest run src/core/fixture-dumps.test.ts -u` after a deliberate change, and read the diff.
 */
import { describe, expect, test } from 'vitest';
import { fixturesPresent, listFixtures, readFixture } from '../testing/fixtures.ts';
import { decodeInput, FormatError } from './formats/index.ts';
import { TraceSetBuilder } from './model/span-table.ts';
import { buildTree } from './tree/build-tree.ts';
import { NodeFlag, type TraceTree } from './tree/types.ts';

const FLAG_NAMES: [number, string][] = [
  [NodeFlag.Orphan, 'orphan'],
  [NodeFlag.DuplicateId, 'duplicate-id'],
  [NodeFlag.MissingStart, 'no-start'],
  [NodeFlag.MissingDuration, 'no-duration'],
  [NodeFlag.Error, 'error'],
  [NodeFlag.CycleBroken, 'cycle-cut'],
];

/** ns → µs with three decimals, so ns precision shows. */
function us(ns: number): string {
  return (ns / 1000).toFixed(3);
}

function dumpTree(tree: TraceTree): string[] {
  const { table, summary: s } = tree;
  const lines = [
    `# trace ${s.traceId} ${s.format} spans=${s.spanCount} roots=${s.rootCount} orphans=${s.orphanCount} ` +
      `maxDepth=${s.maxDepth} durationUs=${s.durationUs} errors=${s.errorCount} services=${s.services.join(',')}`,
    ...s.warnings.map((w) => `# warning: ${w}`),
  ];
  for (let k = 0; k < tree.nodeCount; k++) {
    const indent = '  '.repeat(tree.depth[k]);
    const r = tree.row[k];
    if (r < 0) {
      lines.push(`${indent}[missing parent ${tree.spanIdOf(k)}]`);
      continue;
    }
    const flags = FLAG_NAMES.filter(([bit]) => tree.nodeFlags[k] & bit).map(([, name]) => ` ${name}`);
    lines.push(
      `${indent}${table.strings[table.services[r]]} ${JSON.stringify(table.strings[table.names[r]])} ` +
        `+${us(tree.startNs[k])}us ${us(tree.endNs[k] - tree.startNs[k])}us${flags.join('')}`,
    );
  }
  return lines;
}

function dumpFixture(rel: string): string {
  const sink = new TraceSetBuilder();
  let format: string;
  try {
    format = decodeInput(readFixture(rel), sink).format;
  } catch (e) {
    if (e instanceof FormatError) return `! ${e.message}\n`;
    throw e;
  }
  const lines = [`# ${rel}: ${format}`, ...sink.warnings.map((w) => `# file warning: ${w}`)];
  for (const table of sink.build()) lines.push(...dumpTree(buildTree(table, { adjustClockSkew: false })));
  return `${lines.join('\n')}\n`;
}

describe.runIf(fixturesPresent)('normalised dump of every real fixture', () => {
  const files = listFixtures().filter((f) => !f.endsWith('.md'));

  test('all 48 fixture files are there', () => {
    expect(files.length).toBe(48);
  });

  test.each(files)('%s', async (rel) => {
    await expect(dumpFixture(rel)).toMatchFileSnapshot(`../../testdata/dumps/${rel.replace('/', '__')}.txt`);
  });
});

/**
 * The TraceQL query corpora for the parser's tests, read in place from ../shared:
 * - `fixtures/real/traceql-*.md`: entries `## ID`, a ```traceql fence, and an `Expected:` line
 *   saying what the source says (valid, fails to parse, validation error, unsupported, parses),
 *   sometimes with the position of a parse error (`newParseError(msg, line, column)`).
 * - `TRACEQL.md`: its table of example queries (all valid; rows marked *metrics* are metrics
 *   queries) and the examples its prose gives of type errors, parse errors and unsupported queries.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_ROOT, fixturesPresent } from './fixtures.ts';

/** What the source says about a query. 'parses': it parses; its validation is not stated. */
export type Expectation = 'valid' | 'syntax' | 'invalid' | 'unsupported' | 'parses';

export interface CorpusEntry {
  /** `file#ID`, e.g. `traceql-queries.md#S-19`. */
  readonly id: string;
  readonly query: string;
  readonly expected: Expectation;
  /** Where the source puts a parse error; line 0 means the source gives the column only. */
  readonly position?: { readonly line: number; readonly column: number };
}

export const SHARED_ROOT = join(FIXTURE_ROOT, '..', '..');

/** Every entry of every `traceql-*.md` corpus in the real fixtures. */
export function traceqlCorpus(): CorpusEntry[] {
  if (!fixturesPresent) return [];
  return readdirSync(FIXTURE_ROOT)
    .filter((f) => /^traceql-.*\.md$/.test(f))
    .sort()
    .flatMap((f) => parseCorpus(f, readFileSync(join(FIXTURE_ROOT, f), 'utf8')));
}

export function parseCorpus(file: string, markdown: string): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const section of markdown.split(/^## /m).slice(1)) {
    const id = section.slice(0, section.indexOf('\n')).trim();
    const fence = /^```traceql\n([\s\S]*?)\n```/m.exec(section);
    const expectedLine = /^- Expected[^:]*:(.*)$/m.exec(section);
    if (!fence || !expectedLine) throw new Error(`${file}#${id}: no traceql fence or Expected: line`);
    const position = /newParseError\([^)]*?,\s*(\d+),\s*(\d+)\)/.exec(section);
    out.push({
      id: `${file}#${id}`,
      query: fence[1],
      expected: expectationOf(`${file}#${id}`, expectedLine[1]),
      ...(position ? { position: { line: Number(position[1]), column: Number(position[2]) } } : {}),
    });
  }
  return out;
}

function expectationOf(id: string, text: string): Expectation {
  const t = text.toLowerCase();
  if (/fails? to parse|parse error|does not parse/.test(t)) return 'syntax';
  if (/\bunsupported\b[^"]*error|returns an \*?unsupported/.test(t) && !/other than|besides/.test(t))
    return 'unsupported';
  if (/other than|besides unsupported|validation error|fails validation/.test(t)) return 'invalid';
  if (/^\s*valid\b|returns nil/.test(t)) return 'valid';
  if (/parses without error|parses successfully/.test(t)) return 'parses';
  throw new Error(`${id}: cannot read the expectation "${text.trim()}"`);
}

export interface DocExamples {
  /** The table's queries; `metrics` for rows the table marks as metrics queries. */
  readonly table: readonly { readonly query: string; readonly metrics: boolean }[];
  readonly typeErrors: readonly string[];
  readonly parseErrors: readonly string[];
  readonly unsupported: readonly string[];
}

const TRACEQL_MD = join(SHARED_ROOT, 'TRACEQL.md');

export function traceqlDocExamples(): DocExamples | null {
  if (!existsSync(TRACEQL_MD)) return null;
  const md = readFileSync(TRACEQL_MD, 'utf8');
  const table: { query: string; metrics: boolean }[] = [];
  for (const row of md.split('\n').filter((l) => /^\| \d+ \|/.test(l))) {
    // Cells are split on unescaped pipes; `\|` inside a cell is a pipe of the query.
    const cells = row.split(/(?<!\\)\|/).map((c) => c.trim());
    for (const query of codeSpans(cells[2])) table.push({ query, metrics: /\*metrics\*/.test(cells[3]) });
  }
  const sentence = (start: RegExp) => {
    const line = md.split('\n').find((l) => start.test(l));
    if (!line) throw new Error(`TRACEQL.md: no line matching ${start}`);
    // Code spans that are queries (not file names such as `test_examples.yaml`).
    return codeSpans(line).filter((s) => /[{(]/.test(s));
  };
  return {
    table,
    typeErrors: sentence(/Type errors must be rejected/),
    parseErrors: sentence(/Parse errors include/),
    unsupported: sentence(/Should parse but be reported as/),
  };
}

function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\\\|/g, '|'));
}

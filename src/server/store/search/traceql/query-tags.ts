/**
 * Autocomplete within a query (`/api/v2/search/tags?q=`, `/api/v2/search/tag/{tag}/values?q=`): the
 * attribute keys, or one field's values, of the spans the query's filter may match (partial-filter.ts
 * says which filter; spans SQL cannot decide count as matching: a suggestion too many is harmless).
 *
 * Bounded to stay fast at any store size: the newest rows first, 65,536 of them, then four times
 * as many before them, and so on, until a thousand spans matched, every row was read, or the next
 * window would take the answer past 100 ms; when no span matched by then, the catalog answers (a
 * suggestion too many beats none). Values as the catalog bounds them (tag-catalog.ts).
 * Scopes the flat attribute JSON does not hold (event, link, instrumentation attributes) and
 * intrinsics other than name, status and kind answer from the catalog, as without `q`.
 */
import type { TempoTagsResponse, TempoTagValuesResponse } from '../../../../core/api/tempo-search.ts';
import { KIND_NAMES, STATUS_NAMES } from '../../../../core/query/vocabulary.ts';
import { jsonPointer } from '../../read/attribute-queries.ts';
import type { TagCatalog, TagLimits } from '../../schema/tag-catalog.ts';
import { tagsAnswer, tagTargets, tagValuesAnswer } from '../tag-answers.ts';
import type { ContextFilter } from './partial-filter.ts';
import type { Reads } from './search-budget.ts';
import { SpanColumns, SqlParams } from './span-columns.ts';
import { filterCondition } from './sql-field.ts';

const FIRST_ROWS = 65_536n;
const ENOUGH_SPANS = 1000;
const TIME_BUDGET_MS = 100;
const MAX_KEYS = 1000;

/** `WITH …, m AS (the matching rows of the seq window)`, with `attrs` and `resource_id`. */
function matchingRows(filter: ContextFilter, lo: bigint, hi: bigint) {
  const params = new SqlParams();
  const cols = new SpanColumns(params);
  const condition = filterCondition(filter.filter.expr, cols);
  const rows = cols.rowsSql(`s.seq BETWEEN ${params.add(lo)} AND ${params.add(hi)}`, [
    's.attrs',
    's.resource_id',
  ]);
  const m = `m AS (SELECT sp.* FROM sp${cols.readsTrace ? ' LEFT JOIN tr USING (trace_id)' : ''} WHERE coalesce(${condition}, TRUE))`;
  return { params, sql: `WITH ${rows},\n${m}` };
}

/**
 * Runs `step(lo, hi)` (which returns how many spans matched) over windows of seq from the newest,
 * each four times the last, until enough spans matched, the rows ran out, or the next window would
 * not fit in the time left (it costs about four times the last). Returns the spans matched.
 */
async function newestFirst(pool: Reads, step: (lo: bigint, hi: bigint) => Promise<number>): Promise<number> {
  const [[top]] = await pool.columns('SELECT max(seq_max) FROM trace_parts');
  if (top === null || top === undefined) return 0;
  const t0 = performance.now();
  let hi = top as bigint;
  let size = FIRST_ROWS;
  let matched = 0;
  while (hi >= 0n) {
    const lo = hi - size + 1n > 0n ? hi - size + 1n : 0n;
    const before = performance.now();
    matched += await step(lo, hi);
    const now = performance.now();
    if (matched >= ENOUGH_SPANS || now - t0 + 4 * (now - before) > TIME_BUDGET_MS) break;
    hi = lo - 1n;
    size *= 4n;
  }
  return matched;
}

export async function tagsInQuery(
  pool: Reads,
  catalog: TagCatalog,
  filter: ContextFilter,
  scope: string | undefined,
): Promise<TempoTagsResponse> {
  const all = catalogAnswer(catalog, scope);
  const wanted = (name: string) => name === 'span' || name === 'resource';
  if (!all.scopes.some((s) => wanted(s.name))) return all;
  const found = { span: new Set<string>(), resource: new Set<string>() };
  const matched = await newestFirst(pool, async (lo, hi) => {
    const { params, sql } = matchingRows(filter, lo, hi);
    const statement = params.finish(`${sql},
      k AS (SELECT DISTINCT 'span' AS scope, unnest(try(json_keys(attrs))) AS key FROM m
        UNION SELECT DISTINCT 'resource', unnest(try(json_keys(r.attrs))) FROM resources r
          WHERE r.id IN (SELECT DISTINCT resource_id FROM m))
      SELECT * FROM (SELECT scope, key FROM k WHERE length(key) <= 256 LIMIT ${2 * MAX_KEYS})
      UNION ALL SELECT '', count(*)::VARCHAR FROM m`);
    const [scopes, keys] = await pool.columns(statement.sql, statement.values);
    let matched = 0;
    keys.forEach((key, i) => {
      if (scopes[i] === '') matched = Number(key);
      else {
        const set = found[scopes[i] as 'span' | 'resource'];
        if (set.size < MAX_KEYS) set.add(key as string);
      }
    });
    return matched;
  });
  // No matching span among those read in time: the catalog's keys rather than none.
  if (matched === 0) return all;
  return {
    scopes: all.scopes.map((s) =>
      wanted(s.name) ? { name: s.name, tags: [...found[s.name as 'span' | 'resource']].sort() } : s,
    ),
  };
}

/** The catalog's tags, with every attribute scope listed when asked for all (even an empty one). */
function catalogAnswer(catalog: TagCatalog, scope: string | undefined): TempoTagsResponse {
  return tagsAnswer(catalog, scope);
}

const JSON_VALUE_TYPES = `CASE json_type(v) WHEN 'VARCHAR' THEN 'string' WHEN 'UBIGINT' THEN 'int'
  WHEN 'BIGINT' THEN 'int' WHEN 'DOUBLE' THEN 'float' WHEN 'BOOLEAN' THEN 'bool' END`;

export async function tagValuesInQuery(
  pool: Reads,
  catalog: TagCatalog,
  limits: TagLimits,
  filter: ContextFilter,
  tag: string,
): Promise<TempoTagValuesResponse> {
  const targets = tagTargets(tag);
  const intrinsic = targets.length === 1 && targets[0][0] === 'intrinsic' ? targets[0][1] : null;
  const column =
    intrinsic === 'name' ? 'name' : intrinsic === 'status' ? 'status' : intrinsic === 'kind' ? 'kind' : null;
  const attrTargets = targets.filter(([scope]) => scope === 'span' || scope === 'resource');
  if (!column && (attrTargets.length === 0 || attrTargets.length !== targets.length))
    return tagValuesAnswer(catalog, tag);
  const values = new Map<string, string>();
  const matched = await newestFirst(pool, async (lo, hi) => {
    const { params, sql } = matchingRows(filter, lo, hi);
    let select: string;
    if (column) select = `SELECT DISTINCT 'string' AS type, ${column}::VARCHAR AS value FROM m`;
    else {
      const sources = attrTargets.map(([scope, key]) => {
        const pointer = params.text(jsonPointer(key));
        return scope === 'span'
          ? `SELECT try(json_extract(attrs, ${pointer})) AS v FROM m WHERE contains(attrs, ${params.text(`${JSON.stringify(key)}:`)})`
          : key === 'service.name'
            ? 'SELECT DISTINCT to_json(service) AS v FROM m'
            : `SELECT try(json_extract(r.attrs, ${pointer})) AS v FROM resources r WHERE r.id IN (SELECT DISTINCT resource_id FROM m)`;
      });
      // Array attributes offer their elements, as the catalog does.
      select = `SELECT DISTINCT ${JSON_VALUE_TYPES} AS type, json_extract_string(v, '$') AS value FROM (
          SELECT unnest(CASE WHEN json_type(v) = 'ARRAY' THEN json_extract(v, '$[*]') ELSE [v] END) AS v
          FROM (${sources.join(' UNION ALL ')}))`;
    }
    const statement = params.finish(`${sql},
      d AS (${select})
      SELECT * FROM (SELECT type, value FROM d
        WHERE type IS NOT NULL AND value IS NOT NULL AND length(value) <= ${limits.maxValueChars}
        LIMIT ${limits.maxValuesPerKey})
      UNION ALL SELECT '', count(*)::VARCHAR FROM m`);
    const [types, texts] = await pool.columns(statement.sql, statement.values);
    let matched = 0;
    texts.forEach((text, i) => {
      if (types[i] === '') matched = Number(text);
      else if (values.size < limits.maxValuesPerKey) values.set(`${types[i]}\n${text}`, text as string);
    });
    return matched;
  });
  if (matched === 0) return tagValuesAnswer(catalog, tag);
  const tagValues = [...values].map(([id, value]) => {
    const type = id.slice(0, id.indexOf('\n'));
    if (!column || column === 'name') return { type, value };
    const names: readonly string[] = column === 'status' ? STATUS_NAMES : KIND_NAMES;
    return { type: 'keyword', value: names[Number(value)] ?? names[0] };
  });
  const unique = new Map(tagValues.map((v) => [`${v.type}\n${v.value}`, v]));
  return {
    tagValues: [...unique.values()].sort((a, b) =>
      a.value < b.value ? -1 : a.value > b.value ? 1 : a.type < b.type ? -1 : 1,
    ),
  };
}

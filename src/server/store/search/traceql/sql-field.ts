/**
 * A spanset filter's field expression as a SQL condition on one span row, with three-valued
 * answers: TRUE where the evaluator (core/query) surely says true, FALSE where it surely says
 * false, NULL where SQL cannot tell. SQL's AND, OR and NOT treat NULL as "unknown" (Kleene logic),
 * which is exactly how uncertainty must spread: `A && B` is surely false where A is, whatever B.
 *
 * SQL tells what the evaluator's rules (core/query/values.ts) give for: intrinsics held in columns
 * (name, status, kind, duration, span and parent ids, trace id, statusMessage, instrumentation name
 * and version, and per trace its duration and root), span, resource and unscoped attributes compared
 * with constants (typed: a string matches only strings, a number only numbers, arrays element by
 * element), regexes (`regexp_full_match` is RE2, as re2js), `= nil` / `!= nil`, constant arithmetic,
 * and `&&`, `||`, `!`. Everything else (events, links, childCount, attribute against attribute,
 * arithmetic on fields) is unknown, and so are values whose flat JSON (search-attrs.ts) is not
 * exact: strings cut at MAX_SEARCH_CHARS, non-finite doubles (written as strings), integers beyond
 * 2^53 (ints and integral doubles look alike there), maps (compared as their text by the evaluator).
 * Unknown spans are left to the evaluator.
 */
import type { FieldExpr } from '../../../../core/query/ast.ts';
import {
  arithmetic,
  bool,
  compare,
  isTrue,
  type MaybeValue,
  negate,
  not,
  type Value,
} from '../../../../core/query/values.ts';
import { KIND_NAMES, STATUS_NAMES } from '../../../../core/query/vocabulary.ts';
import { spanIdHex, spanIdOfHex, traceIdHex, traceIdOfHex } from '../../schema/binary-ids.ts';
import type { SpanColumns } from './span-columns.ts';

type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';
type ColumnType = 'string' | 'duration' | 'status' | 'kind';

/** A field expression's value as SQL sees it. */
type SqlValue =
  | { readonly kind: 'static'; readonly value: MaybeValue }
  /** A JSON value (SQL NULL: absent; JSON null: an empty value, which is nil too); not known where `unsure`. */
  | { readonly kind: 'json'; readonly sql: string; readonly unsure: string | null }
  /**
   * SQL NULL is nil; `unsure` (when set) is a SQL condition under which the value is not known. An id
   * (hex text in `sql`) also has its stored number, `id`.
   */
  | {
      readonly kind: 'column';
      readonly type: ColumnType;
      readonly sql: string;
      readonly unsure?: string;
      readonly id?: StoredId;
    }
  /** A boolean: `t` where it is true, `f` where it is false (both FALSE: not a boolean, or nil). */
  | { readonly kind: 'bool'; readonly t: string; readonly f: string }
  | { readonly kind: 'unknown' };

/** An id column as stored (schema/binary-ids.ts): its number (NULL: none) and how a hex text becomes one. */
interface StoredId {
  readonly sql: string;
  readonly digits: 16 | 32;
  readonly ofHex: (hex: string) => string;
}

const SPAN_ID: StoredId = { sql: 'sp.span_id', digits: 16, ofHex: spanIdOfHex };
const PARENT_ID: StoredId = { sql: 'nullif(sp.parent_id, 0)', digits: 16, ofHex: spanIdOfHex };
const TRACE_ID: StoredId = { sql: 'sp.trace_id', digits: 32, ofHex: traceIdOfHex };

export const UNKNOWN = 'NULL::BOOLEAN';
const UNKNOWN_VALUE: SqlValue = { kind: 'unknown' };

const FLIPPED: Record<Comparison, Comparison> = {
  '=': '=',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};
const SQL_OP: Record<Comparison, string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};
const NUMERIC_JSON = `('UBIGINT', 'BIGINT', 'DOUBLE')`;
/** 2^53: beyond it a JSON integer may be an int64 or an integral double, which compare differently. */
const EXACT_INT = '9007199254740992';

/** The Kleene SQL condition of a filter's expression (`{}`: every span). */
export function filterCondition(expr: FieldExpr | null, cols: SpanColumns): string {
  return expr ? truth(fieldValue(expr, cols)).t : 'TRUE';
}

function boolValue(t: string): SqlValue {
  return { kind: 'bool', t, f: `(NOT ${t})` };
}

function truth(v: SqlValue): { t: string; f: string } {
  switch (v.kind) {
    case 'static':
      return {
        t: isTrue(v.value) ? 'TRUE' : 'FALSE',
        f: v.value?.type === 'bool' && !v.value.value ? 'TRUE' : 'FALSE',
      };
    case 'json': {
      const isBool = `json_type(${v.sql}) = 'BOOLEAN'`;
      const text = `json_extract_string(${v.sql}, '$')`;
      return {
        t: unsureWhen(v.unsure, `coalesce(${isBool} AND ${text} = 'true', FALSE)`),
        f: unsureWhen(v.unsure, `coalesce(${isBool} AND ${text} = 'false', FALSE)`),
      };
    }
    case 'column':
      return { t: 'FALSE', f: 'FALSE' };
    case 'bool':
      return v;
    case 'unknown':
      return { t: UNKNOWN, f: UNKNOWN };
  }
}

function fieldValue(e: FieldExpr, cols: SpanColumns): SqlValue {
  switch (e.type) {
    case 'static':
      return { kind: 'static', value: e.value };
    case 'attribute':
      if (e.parent) return UNKNOWN_VALUE;
      if (e.scope === 'span') return { kind: 'json', ...cols.spanAttr(e.name) };
      if (e.scope === 'resource') return { kind: 'json', ...cols.resourceAttr(e.name) };
      if (e.scope === 'unscoped') return { kind: 'json', ...cols.unscopedAttr(e.name) };
      return UNKNOWN_VALUE;
    case 'intrinsic':
      return intrinsicValue(e.id, cols);
    case 'unary': {
      const v = fieldValue(e.operand, cols);
      if (v.kind === 'static')
        return { kind: 'static', value: e.op === '!' ? not(v.value) : negate(v.value) };
      if (e.op === '-') return UNKNOWN_VALUE;
      const { t, f } = truth(v);
      return { kind: 'bool', t: f, f: t };
    }
    case 'nil-test': {
      if (!e.operand) return { kind: 'static', value: bool(false) };
      const present = presence(fieldValue(e.operand, cols));
      return boolValue(e.op === '!=' ? present : `(NOT ${present})`);
    }
    case 'binary': {
      if (e.op === '&&' || e.op === '||') {
        const l = truth(fieldValue(e.left, cols));
        const r = truth(fieldValue(e.right, cols));
        return boolValue(`(${l.t} ${e.op === '&&' ? 'AND' : 'OR'} ${r.t})`);
      }
      if (e.op === '=~' || e.op === '!~') {
        // The validator made sure the pattern is a string literal.
        const pattern =
          e.right.type === 'static' && e.right.value.type === 'string' ? e.right.value.value : '';
        return boolValue(regexCondition(fieldValue(e.left, cols), pattern, e.op === '!~', cols));
      }
      const l = fieldValue(e.left, cols);
      const r = fieldValue(e.right, cols);
      if (e.op === '=' || e.op === '!=' || e.op === '<' || e.op === '<=' || e.op === '>' || e.op === '>=')
        return boolValue(comparison(e.op, l, r, cols));
      if (l.kind === 'static' && r.kind === 'static')
        return { kind: 'static', value: arithmetic(e.op, l.value, r.value) };
      return UNKNOWN_VALUE;
    }
  }
}

function intrinsicValue(id: string, cols: SpanColumns): SqlValue {
  const column = (type: ColumnType, sql: string, unsure?: string, id?: StoredId): SqlValue => ({
    kind: 'column',
    id,
    type,
    sql,
    unsure,
  });
  switch (id) {
    case 'duration':
      // A missing or negative duration is 0 (DESIGN §2), whatever the start.
      return column('duration', '(CASE WHEN sp.dur_ns > 0 THEN sp.dur_ns ELSE 0 END)::DOUBLE');
    case 'name':
      return column('string', 'sp.name');
    case 'status':
      return column('status', 'sp.status');
    case 'kind':
      return column('kind', 'sp.kind');
    case 'statusMessage': {
      const message = cols.statusMessageColumn();
      return column('string', message.sql, message.unsure ?? undefined);
    }
    case 'spanId':
      return column('string', spanIdHex('sp.span_id'), undefined, SPAN_ID);
    case 'parentId':
      return column(
        'string',
        `CASE WHEN sp.parent_id <> 0 THEN ${spanIdHex('sp.parent_id')} END`,
        undefined,
        PARENT_ID,
      );
    case 'traceId':
      return column('string', traceIdHex('sp.trace_id'), undefined, TRACE_ID);
    case 'traceDuration':
      return column('duration', cols.trace('duration'), cols.trace('duration_unsure'));
    case 'rootName':
      return column('string', cols.trace('root_name'), cols.trace('root_unsure'));
    case 'rootService':
      return column('string', cols.trace('root_service'), cols.trace('root_unsure'));
    case 'instrumentationName':
      return column('string', `nullif(${cols.scopeColumn('name')}, '')`);
    case 'instrumentationVersion':
      return column('string', `nullif(${cols.scopeColumn('version')}, '')`);
    default:
      return UNKNOWN_VALUE;
  }
}

function presence(v: SqlValue): string {
  switch (v.kind) {
    case 'static':
      return v.value === undefined ? 'FALSE' : 'TRUE';
    case 'json':
      return unsureWhen(v.unsure, `coalesce(json_type(${v.sql}) <> 'NULL', FALSE)`);
    case 'column':
      return unsureWhen(v.unsure, `(${v.sql} IS NOT NULL)`);
    case 'bool':
      return 'TRUE';
    case 'unknown':
      return UNKNOWN;
  }
}

function unsureWhen(unsure: string | null | undefined, sql: string): string {
  return unsure ? `(CASE WHEN ${unsure} THEN ${UNKNOWN} ELSE ${sql} END)` : sql;
}

function comparison(op: Comparison, l: SqlValue, r: SqlValue, cols: SpanColumns): string {
  if (l.kind === 'static' && r.kind === 'static') return compare(op, l.value, r.value) ? 'TRUE' : 'FALSE';
  if (l.kind === 'static') return comparison(FLIPPED[op], r, l, cols);
  if (r.kind !== 'static') return UNKNOWN;
  if (r.value === undefined) return 'FALSE';
  if (l.kind === 'column') return unsureWhen(l.unsure, columnComparison(op, l, r.value, cols));
  if (l.kind === 'json') return unsureWhen(l.unsure, jsonComparison(op, l.sql, r.value, cols));
  return UNKNOWN;
}

/** Whether SQL (UTF-8 byte order) and JavaScript (UTF-16 order) could order strings against this one differently. */
function ordersDifferently(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0xd800) return true;
  return false;
}

const isCanonicalHex = (s: string, digits: number) => s.length === digits && /^[0-9a-f]+$/.test(s);

const isNumeric = (v: Value) => v.type === 'int' || v.type === 'float' || v.type === 'duration';

function columnComparison(
  op: Comparison,
  c: { type: ColumnType; sql: string; id?: StoredId },
  v: Value,
  cols: SpanColumns,
) {
  switch (c.type) {
    case 'string':
      if (v.type !== 'string') return 'FALSE';
      // Equal as numbers exactly when equal as texts (stored ids are canonical), without writing the
      // text of every row.
      if (c.id && (op === '=' || op === '!=') && isCanonicalHex(v.value, c.id.digits))
        return `coalesce(${c.id.sql} ${SQL_OP[op]} ${c.id.ofHex(cols.params.text(v.value))}, FALSE)`;
      if (op !== '=' && op !== '!=' && ordersDifferently(v.value)) return UNKNOWN;
      return `coalesce(${c.sql} ${SQL_OP[op]} ${cols.params.text(v.value)}, FALSE)`;
    case 'duration':
      if (!isNumeric(v)) return 'FALSE';
      return `coalesce(${c.sql} ${SQL_OP[op]} ${cols.params.double(Number(v.value))}, FALSE)`;
    case 'status':
    case 'kind': {
      if (v.type !== c.type || (op !== '=' && op !== '!=')) return 'FALSE';
      // A code outside the names reads as the first name (unset, unspecified), as the evaluator reads it.
      const names: readonly string[] = c.type === 'status' ? STATUS_NAMES : KIND_NAMES;
      const code = names.indexOf(v.value as string);
      const others = names.map((_, i) => i).filter((i) => i > 0);
      const is = code > 0 ? `${c.sql} = ${code}` : `${c.sql} NOT IN (${others.join(', ')})`;
      return op === '=' ? `(${is})` : `(NOT (${is}))`;
    }
  }
}

/** Text of a JSON string value, and whether the flat JSON may not hold the evaluator's value. */
const jsonText = (x: string) => `json_extract_string(${x}, '$')`;
const unsureString = (x: string) =>
  `(strlen(${jsonText(x)}) >= 4096 OR ${jsonText(x)} IN ('NaN', 'Infinity', '-Infinity'))`;
const bigInteger = (x: string) =>
  `(json_type(${x}) IN ('UBIGINT', 'BIGINT') AND abs(TRY_CAST(${x} AS HUGEINT)) > ${EXACT_INT})`;

/**
 * `json op v`. Scalars of v's kind compare; arrays by their elements of v's kind (any element;
 * for `!=` every one, and at least one); values of other kinds never match.
 */
function jsonComparison(op: Comparison, j: string, v: Value, cols: SpanColumns): string {
  let types: string;
  let element: (x: string) => string;
  let unsureElement: (x: string) => string;
  if (v.type === 'string') {
    if (op !== '=' && op !== '!=' && ordersDifferently(v.value)) return UNKNOWN;
    const s = cols.params.text(v.value);
    types = `('VARCHAR')`;
    element = (x) => `(${jsonText(x)} ${SQL_OP[op]} ${s})`;
    // A map reads as its JSON text, which the flat JSON does not keep as the evaluator writes it.
    unsureElement = (x) =>
      `(json_type(${x}) = 'OBJECT' OR (json_type(${x}) = 'VARCHAR' AND ${unsureString(x)}))`;
  } else if (isNumeric(v)) {
    const exact =
      v.type === 'int'
        ? (x: string) =>
            `(CASE WHEN json_type(${x}) = 'DOUBLE' THEN TRY_CAST(${x} AS DOUBLE) ${SQL_OP[op]} ${cols.params.double(Number(v.value))} ELSE TRY_CAST(${x} AS HUGEINT) ${SQL_OP[op]} ${cols.params.bigint(v.value)} END)`
        : (x: string) => `(TRY_CAST(${x} AS DOUBLE) ${SQL_OP[op]} ${cols.params.double(v.value)})`;
    types = NUMERIC_JSON;
    element = exact;
    // Non-finite doubles are JSON strings; integers beyond 2^53 may have been doubles.
    unsureElement = (x) =>
      `((json_type(${x}) = 'VARCHAR' AND ${jsonText(x)} IN ('NaN', 'Infinity', '-Infinity')) OR ${bigInteger(x)})`;
  } else if (v.type === 'bool') {
    if (op !== '=' && op !== '!=') return 'FALSE';
    types = `('BOOLEAN')`;
    element = (x) => `(${jsonText(x)} ${SQL_OP[op]} '${v.value}')`;
    unsureElement = () => 'FALSE';
  } else return 'FALSE';
  const elements = `json_extract(${j}, '$[*]')`;
  const comparable = `list_filter(${elements}, lambda x: json_type(x) IN ${types})`;
  const any = op === '!=' ? 'list_bool_and' : 'list_bool_or';
  return `(CASE
    WHEN ${j} IS NULL THEN FALSE
    WHEN ${unsureElement(j)} THEN ${UNKNOWN}
    WHEN json_type(${j}) IN ${types} THEN ${element(j)}
    WHEN json_type(${j}) <> 'ARRAY' THEN FALSE
    WHEN coalesce(list_bool_or(list_transform(${elements}, lambda x: ${unsureElement('x')})), FALSE) THEN ${UNKNOWN}
    WHEN len(${comparable}) = 0 THEN FALSE
    ELSE ${any}(list_transform(${comparable}, lambda x: ${element('x')})) END)`;
}

/** `value =~ pattern` (or `!~`): strings fully match; arrays by their strings (any; for `!~` all). */
function regexCondition(v: SqlValue, pattern: string, negated: boolean, cols: SpanColumns): string {
  const p = cols.params.text(pattern);
  const matches = (x: string) =>
    negated ? `(NOT regexp_full_match(${x}, ${p}))` : `regexp_full_match(${x}, ${p})`;
  if (v.kind === 'column') {
    if (v.type !== 'string') return 'FALSE';
    return unsureWhen(v.unsure, `coalesce(${matches(v.sql)}, FALSE)`);
  }
  if (v.kind !== 'json') return v.kind === 'bool' ? 'FALSE' : UNKNOWN;
  return unsureWhen(v.unsure, jsonRegex(v.sql, matches, negated));
}

function jsonRegex(j: string, matches: (x: string) => string, negated: boolean): string {
  const unsureElement = (x: string) =>
    `(json_type(${x}) = 'OBJECT' OR (json_type(${x}) = 'VARCHAR' AND ${unsureString(x)}))`;
  const elements = `json_extract(${j}, '$[*]')`;
  const strings = `list_filter(${elements}, lambda x: json_type(x) = 'VARCHAR')`;
  return `(CASE
    WHEN ${j} IS NULL THEN FALSE
    WHEN ${unsureElement(j)} THEN ${UNKNOWN}
    WHEN json_type(${j}) = 'VARCHAR' THEN ${matches(jsonText(j))}
    WHEN json_type(${j}) <> 'ARRAY' THEN FALSE
    WHEN coalesce(list_bool_or(list_transform(${elements}, lambda x: ${unsureElement('x')})), FALSE) THEN ${UNKNOWN}
    WHEN len(${strings}) = 0 THEN FALSE
    ELSE ${negated ? 'list_bool_and' : 'list_bool_or'}(list_transform(${strings}, lambda x: ${matches(jsonText('x'))})) END)`;
}

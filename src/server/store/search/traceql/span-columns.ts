/**
 * What a compiled TraceQL condition reads of a span row, and the SQL that provides it. Conditions
 * (sql-field.ts) ask for columns by name and this registry remembers which ones, so the row source
 * (`spanRowsSql`) computes each once: the span's attributes are extracted from the flat `attrs`
 * JSON (search-attrs.ts) behind a raw `contains` test of the key (most spans lack most keys, and
 * the test is far cheaper than parsing), resource attributes once per resource (a join on a small
 * table), trace-level values (trace:duration, rootName, rootService) once per trace.
 *
 * Every value goes in as a parameter: no text of a query is ever spliced into SQL.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { jsonPointer } from '../../read/attribute-queries.ts';

/**
 * Parameters of a statement being built. `add` gives a placeholder; `finish` numbers the
 * placeholders the final text uses ($1, $2, …) and drops the values of those it does not (a
 * condition may be built and then left out), which DuckDB would refuse.
 */
export class SqlParams {
  private readonly added: DuckDBValue[] = [];

  /** A placeholder for the value; the SQL casts it where the type matters. */
  add(value: DuckDBValue): string {
    this.added.push(value);
    return `@@p${this.added.length - 1}@@`;
  }

  finish(sql: string): { sql: string; values: DuckDBValue[] } {
    const numbers = new Map<number, number>();
    const values: DuckDBValue[] = [];
    const text = sql.replace(/@@p(\d+)@@/g, (_, k: string) => {
      let n = numbers.get(Number(k));
      if (n === undefined) {
        n = values.push(this.added[Number(k)]);
        numbers.set(Number(k), n);
      }
      return `$${n}`;
    });
    return { sql: text, values };
  }

  text(value: string): string {
    return `${this.add(value)}::VARCHAR`;
  }

  /** As text: a bound JS number is typed from its value (an integral one as BIGINT, which 2^63 overflows). */
  double(value: number): string {
    return `${this.add(String(value))}::VARCHAR::DOUBLE`;
  }

  /** Any integer (as text: a bound BIGINT must fit int64). */
  bigint(value: bigint): string {
    return `${this.add(value.toString())}::VARCHAR::HUGEINT`;
  }
}

/** A JSON value of a span row, and the SQL condition under which it is not known (null: always known). */
export interface JsonColumn {
  readonly sql: string;
  readonly unsure: string | null;
}

/** Trace-level values (columns of the `tr` CTE, joined by trace id). */
export type TraceColumn = 'duration' | 'duration_unsure' | 'root_name' | 'root_service' | 'root_unsure';

export class SpanColumns {
  private readonly spanKeys = new Map<string, string>();
  private readonly resourceKeys = new Map<string, string>();
  private readonly traceColumns = new Set<TraceColumn>();
  private scope = false;
  private statusMessage = false;

  constructor(readonly params: SqlParams) {}

  /**
   * The span's own value of `key` as JSON (SQL NULL when it has none; JSON null when empty), and when
   * it is unknown: the span's JSON does not parse (DuckDB refuses a lone surrogate, which JS keeps).
   */
  spanAttr(key: string): JsonColumn {
    let name = this.spanKeys.get(key);
    if (!name) this.spanKeys.set(key, (name = `sa${this.spanKeys.size}`));
    return { sql: `sp.${name}`, unsure: `sp.${name}_bad` };
  }

  /** The span's resource's value of `key` as JSON (service.name is the span's service column). */
  resourceAttr(key: string): JsonColumn {
    if (key === 'service.name') return { sql: 'to_json(sp.service)', unsure: null };
    let name = this.resourceKeys.get(key);
    if (!name) this.resourceKeys.set(key, (name = `ra${this.resourceKeys.size}`));
    return { sql: `sp.${name}`, unsure: `sp.${name}_bad` };
  }

  /** TraceQL's `.key`: the span's value, else its resource's (an empty span value hides the resource's). */
  unscopedAttr(key: string): JsonColumn {
    const span = this.spanAttr(key);
    const resource = this.resourceAttr(key);
    return {
      sql: `coalesce(${span.sql}, ${resource.sql})`,
      unsure: `(${span.unsure} OR (${span.sql} IS NULL AND ${resource.unsure ?? 'FALSE'}))`,
    };
  }

  trace(column: TraceColumn): string {
    this.traceColumns.add(column);
    return `tr.${column}`;
  }

  scopeColumn(column: 'name' | 'version'): string {
    this.scope = true;
    return `sp.scope_${column}`;
  }

  /** The status message ('' for none); unknown where the span's detail JSON does not parse in DuckDB. */
  statusMessageColumn(): JsonColumn {
    this.statusMessage = true;
    return { sql: 'sp.status_message', unsure: 'sp.status_message_bad' };
  }

  /** Whether any condition reads the attributes JSON (for the bytes a search reports). */
  get readsAttrs(): boolean {
    return this.spanKeys.size > 0;
  }

  get readsTrace(): boolean {
    return this.traceColumns.size > 0;
  }

  /**
   * CTEs `res`, `sco` (when needed), `sp` (the span rows of `where`, a condition on `s`), and `tr`
   * (when needed), to be followed by a query over `sp` (joined to `tr` by trace_id when readsTrace).
   */
  rowsSql(where: string, extraColumns: readonly string[] = []): string {
    const ctes: string[] = [];
    const joins: string[] = [];
    const columns = [
      's.trace_id',
      's.seq',
      's.span_id',
      's.parent_id',
      's.name',
      's.service',
      's.kind',
      's.status',
      's.start_ns',
      's.dur_ns',
      'strlen(s.attrs) AS attrs_bytes',
      ...extraColumns,
    ];
    for (const [key, name] of this.spanKeys) {
      const has = `contains(s.attrs, ${this.params.text(`${JSON.stringify(key)}:`)})`;
      const value = `try(json_extract(s.attrs, ${this.params.text(jsonPointer(key))}))`;
      columns.push(`CASE WHEN ${has} THEN ${value} END AS ${name}`);
      // Parsed again only when the key's text is there and no value came out.
      columns.push(
        `CASE WHEN ${has} AND ${value} IS NULL THEN NOT json_valid(s.attrs) ELSE FALSE END AS ${name}_bad`,
      );
    }
    if (this.resourceKeys.size > 0) {
      const values = [...this.resourceKeys].flatMap(([key, name]) => {
        const value = `try(json_extract(attrs, ${this.params.text(jsonPointer(key))}))`;
        return [
          `any_value(${value}) AS ${name}`,
          `bool_or(${value} IS NULL AND NOT json_valid(attrs)) AS ${name}_bad`,
        ];
      });
      ctes.push(`res AS (SELECT id, ${values.join(', ')} FROM resources GROUP BY id)`);
      joins.push('LEFT JOIN res r ON r.id = s.resource_id');
      for (const name of this.resourceKeys.values())
        columns.push(`r.${name}`, `coalesce(r.${name}_bad, FALSE) AS ${name}_bad`);
    }
    if (this.scope) {
      ctes.push(
        `sco AS (SELECT id, any_value(name) AS name, any_value(version) AS version FROM scopes GROUP BY id)`,
      );
      joins.push('LEFT JOIN sco c ON c.id = s.scope_id');
      columns.push('c.name AS scope_name', 'c.version AS scope_version');
    }
    if (this.statusMessage) {
      const message = `try(json_extract_string(s.detail, '$.status.message'))`;
      columns.push(
        `coalesce(${message}, '') AS status_message`,
        `CASE WHEN ${message} IS NULL THEN NOT json_valid(s.detail) ELSE FALSE END AS status_message_bad`,
      );
    }
    ctes.push(`sp AS (SELECT ${columns.join(', ')} FROM spans s ${joins.join(' ')} WHERE ${where})`);
    if (this.traceColumns.size > 0) ctes.push(`tr AS (${TRACE_VALUES_SQL})`);
    return ctes.join(',\n');
  }
}

/**
 * Trace-level values as the evaluator computes them over its tree, where the rows say the same
 * thing: the duration is latest end − earliest start (a missing or negative duration counts 0), but
 * a span without a start takes its parent's in the tree, so then the value is unsure; the root is
 * the span without a parent, unsure when there are several (the tree orders them by start).
 */
const TRACE_VALUES_SQL = `SELECT trace_id,
    (max(start_ns::HUGEINT + CASE WHEN dur_ns > 0 THEN dur_ns ELSE 0 END) - min(start_ns::HUGEINT))::DOUBLE AS duration,
    bool_or(start_ns IS NULL) AS duration_unsure,
    any_value(name) FILTER (parent_id = 0) AS root_name,
    any_value(service) FILTER (parent_id = 0) AS root_service,
    count(*) FILTER (parent_id = 0) > 1 AS root_unsure
  FROM sp GROUP BY trace_id`;

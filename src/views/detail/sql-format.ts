/**
 * A small SQL layout for reading query text: each main clause on its own line, AND/OR of a
 * condition indented below it, and nothing inside quotes or comments touched. The words are never
 * changed (not even their case), only the whitespace between them.
 */

const CLAUSES = [
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP BY',
  'ORDER BY',
  'HAVING',
  'LIMIT',
  'OFFSET',
  'VALUES',
  'SET',
  'RETURNING',
  'UNION ALL',
  'UNION',
  'INSERT INTO',
  'UPDATE',
  'DELETE FROM',
  'LEFT OUTER JOIN',
  'RIGHT OUTER JOIN',
  'FULL OUTER JOIN',
  'LEFT JOIN',
  'RIGHT JOIN',
  'INNER JOIN',
  'CROSS JOIN',
  'JOIN',
  'ON CONFLICT',
  'WITH',
];

/** Words, quoted strings and identifiers, comments, whitespace, and everything else one char at a time. */
const TOKEN =
  /'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`[^`]*`?|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|\s+|[A-Za-z_][\w$]*|[\s\S]/g;

function clauseAt(words: readonly string[], i: number): number {
  for (const c of CLAUSES) {
    const parts = c.split(' ');
    if (parts.every((p, j) => words[i + j]?.toUpperCase() === p)) return parts.length;
  }
  return 0;
}

export function formatSql(sql: string): string {
  const tokens = sql.match(TOKEN) ?? [];
  // Indices of the non-space tokens, so multi-word clauses can be matched across whitespace.
  const solid = tokens.map((t, i) => [t, i] as const).filter(([t]) => !/^\s+$/.test(t));
  const words = solid.map(([t]) => t);
  /** Whitespace to put before token index → replacement. */
  const breakBefore = new Map<number, string>();
  let depth = 0;
  let between = false;
  for (let w = 0; w < words.length; w++) {
    const word = words[w];
    const upper = word.toUpperCase();
    if (word === '(') depth++;
    else if (word === ')') depth = Math.max(0, depth - 1);
    else if (upper === 'BETWEEN') between = true;
    else if ((upper === 'AND' || upper === 'OR') && !(upper === 'AND' && between)) {
      breakBefore.set(solid[w][1], `\n${'  '.repeat(depth + 1)}`);
    } else {
      const n = clauseAt(words, w);
      if (n > 0) {
        if (w > 0) breakBefore.set(solid[w][1], `\n${'  '.repeat(depth)}`);
        w += n - 1;
      }
    }
    if (upper === 'AND' && between) between = false;
  }
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const isSpace = /^\s+$/.test(t);
    const brk = breakBefore.get(isSpace ? i + 1 : i);
    if (brk !== undefined) {
      out = out.trimEnd() + brk;
      if (isSpace) continue;
    } else if (isSpace) {
      // A line comment ends at its newline: keep one there, collapse all other runs to a space.
      out += tokens[i - 1]?.startsWith('--') ? '\n' : ' ';
      continue;
    }
    out += t;
  }
  return out.trim();
}

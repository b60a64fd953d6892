import { describe, expect, it } from 'vitest';
import { formatSql } from './sql-format.ts';

describe('formatSql', () => {
  it('puts each clause on its own line and conditions below WHERE', () => {
    expect(
      formatSql(
        'SELECT u.id, u.name FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.id = $1 AND o.total > 10 OR x IS NULL ORDER BY u.name LIMIT 20',
      ),
    ).toBe(
      [
        'SELECT u.id, u.name',
        'FROM users u',
        'LEFT JOIN orders o ON o.user_id = u.id',
        'WHERE u.id = $1',
        '  AND o.total > 10',
        '  OR x IS NULL',
        'ORDER BY u.name',
        'LIMIT 20',
      ].join('\n'),
    );
  });

  it('indents subqueries and keeps BETWEEN … AND together', () => {
    expect(formatSql('select * from t where a between 1 and 2 and b in (select id from s where c = 1)')).toBe(
      [
        'select *',
        'from t',
        'where a between 1 and 2',
        '  and b in (',
        '  select id',
        '  from s',
        '  where c = 1)',
      ].join('\n'),
    );
  });

  it('never touches strings, quoted identifiers or comments', () => {
    const sql = `SELECT 'a FROM b  WHERE' AS "from where", x -- FROM here\nFROM t /* WHERE  x */ WHERE y = 'it''s'`;
    expect(formatSql(sql)).toBe(
      `SELECT 'a FROM b  WHERE' AS "from where", x -- FROM here\nFROM t /* WHERE  x */\nWHERE y = 'it''s'`,
    );
  });

  it('handles inserts, updates, odd input', () => {
    expect(formatSql('INSERT INTO t (a, b) VALUES (?, ?)')).toBe('INSERT INTO t (a, b)\nVALUES (?, ?)');
    expect(formatSql('UPDATE t SET a = 1 WHERE id = 2')).toBe('UPDATE t\nSET a = 1\nWHERE id = 2');
    expect(formatSql('')).toBe('');
    expect(formatSql("SELECT 'unterminated")).toBe("SELECT 'unterminated");
    expect(formatSql('  GET key  ')).toBe('GET key');
  });
});

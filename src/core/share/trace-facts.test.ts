/**
 * The facts a shared trace states, on drawn traces: errors listed where they start first, messages
 * from the status or the exception event, counts from the tree builder's summary.
 */
import { describe, expect, test } from 'vitest';
import { asciiTrace, emptyTable } from '../../testing/ascii-trace.ts';
import { selfTimes } from '../analysis/self-time.ts';
import { columnsFromTree } from '../layout/columns-from-tree.ts';
import { EMPTY_DETAILS } from '../model/types.ts';
import { buildTree } from '../tree/build-tree.ts';
import { errorMessageOf, errorMessages, listedErrorNodes, traceFacts } from './trace-facts.ts';

const TRACE = asciiTrace(`
  root [svc=web err msg=upstream]   |==========================|
    auth [svc=auth]                  |==|
    cart [svc=cart err]                  |========|
      db [svc=pg err msg=deadlock]        |===|
      cache [svc=redis]                        |=|
    pay [svc=pay err msg=card_declined]             |====|
    mail [svc=mail]                                      |==|
`);

function facts() {
  const tree = buildTree(TRACE, { adjustClockSkew: true });
  const cols = columnsFromTree(tree, selfTimes(tree));
  return {
    tree,
    cols,
    facts: traceFacts(cols, tree.summary, TRACE.baseNs, errorMessages(tree, listedErrorNodes(cols))),
  };
}

describe('trace facts', () => {
  test('errors where they start come first (db, pay), then their callers (root, cart)', () => {
    const { cols } = facts();
    const names = listedErrorNodes(cols).map((k) => cols.strings[cols.name[k]]);
    expect(names).toEqual(['db', 'pay', 'root', 'cart']);
    expect(listedErrorNodes(cols, 1).map((k) => cols.strings[cols.name[k]])).toEqual(['db']);
  });

  test('root, counts and duration are the summary’s; messages come with the listed errors', () => {
    const { facts: f, tree } = facts();
    expect(f.root).toEqual({ service: 'web', name: 'root' });
    expect(f.spanCount).toBe(tree.summary.spanCount);
    expect(f.errorCount).toBe(4);
    expect(f.durationNs).toBe(tree.summary.durationUs * 1000);
    expect(f.services).toEqual(['auth', 'cart', 'mail', 'pay', 'pg', 'redis', 'web']);
    expect(f.startMs).toBe(Number(TRACE.baseNs / 1_000_000n));
    expect(f.errors.map((e) => `${e.service} ${e.name}: ${e.message}`)).toEqual([
      'pg db: deadlock',
      'pay pay: card_declined',
      'web root: upstream',
      'cart cart: ',
    ]);
  });

  test('a message is the status message, else the exception event’s type and message', () => {
    const exception = (attrs: [string, string][]) => ({
      ...EMPTY_DETAILS,
      events: [
        { timeNs: 0n, name: 'log', attributes: [] },
        {
          timeNs: 1n,
          name: 'exception',
          attributes: attrs.map(([key, value]) => ({ key, value: { type: 'string' as const, value } })),
        },
      ],
    });
    expect(errorMessageOf({ ...EMPTY_DETAILS, statusMessage: 'timeout' })).toBe('timeout');
    expect(
      errorMessageOf(
        exception([
          ['exception.type', 'IOError'],
          ['exception.message', 'reset'],
        ]),
      ),
    ).toBe('IOError: reset');
    expect(errorMessageOf(exception([['exception.message', 'reset']]))).toBe('reset');
    expect(errorMessageOf(EMPTY_DETAILS)).toBe('');
  });

  test('an empty trace has no root', () => {
    const tree = buildTree(emptyTable(), { adjustClockSkew: true });
    const f = traceFacts(columnsFromTree(tree, selfTimes(tree)), tree.summary, 0n, new Map());
    expect(f.root).toBeNull();
    expect(f.errors).toEqual([]);
  });
});

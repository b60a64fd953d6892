/**
 * Structural operators between two span lists of one trace, over its parent links:
 *
 *   L > R   R spans whose parent is an L span          L < R   R spans that are the parent of an L span
 *   L >> R  R spans with an L ancestor                 L << R  R spans that are an ancestor of an L span
 *   L ~ R   R spans with an L sibling (same parent, another span)
 *   !op     the R spans for which op does not hold;    &op  the R spans and the L spans of the pairs
 *
 * Each operator is linear in the spans it touches: parents and ancestors are marked once (walks up
 * stop at a marked span, answers are memoised along the path), so `{ } >> { … }` on a 100k-span
 * trace is one pass. Lists are ascending span numbers, and so is the result. Roots and orphans
 * (parent not in the trace) have no parent: two orphans of one missing parent are not siblings.
 */
import type { SpansetOperator } from './ast.ts';
import type { QueryTrace } from './query-trace.ts';
import { type MarksPool, type SpanMarks, unionAscending } from './span-marks.ts';

type Relation = '>' | '<' | '>>' | '<<' | '~';

/** For one relation: does an R span qualify, and (for & forms) does an L span. */
interface Tests {
  readonly right: (span: number) => boolean;
  readonly left: (span: number) => boolean;
}

export function structural(
  op: Exclude<SpansetOperator, '&&' | '||'>,
  left: readonly number[],
  right: readonly number[],
  t: QueryTrace,
  pool: MarksPool,
): number[] {
  const mode = op[0] === '!' ? 'not' : op[0] === '&' ? 'union' : 'plain';
  const relation = (mode === 'plain' ? op : op.slice(1)) as Relation;
  const before = pool.taken;
  const tests = RELATIONS[relation](left, right, t, pool, mode === 'union');
  let out: number[];
  if (mode === 'plain') out = right.filter(tests.right);
  else if (mode === 'not') out = right.filter((s) => !tests.right(s));
  else out = unionAscending([right.filter(tests.right), left.filter(tests.left)]);
  pool.release(pool.taken - before);
  return out;
}

const NEVER = () => false;

const RELATIONS: Record<
  Relation,
  (l: readonly number[], r: readonly number[], t: QueryTrace, pool: MarksPool, union: boolean) => Tests
> = {
  '>': (l, r, t, pool, union) => {
    const isLeft = marked(pool, l);
    const parentOfRight = union ? parentsOf(pool, r, t) : undefined;
    return {
      right: (s) => isLeft.has(t.parent(s)),
      left: parentOfRight ? (s) => parentOfRight.has(s) : NEVER,
    };
  },
  '<': (l, r, t, pool, union) => {
    const parentOfLeft = parentsOf(pool, l, t);
    const isRight = union ? marked(pool, r) : undefined;
    return {
      right: (s) => parentOfLeft.has(s),
      left: isRight ? (s) => isRight.has(t.parent(s)) : NEVER,
    };
  },
  '>>': (l, r, t, pool, union) => {
    const underLeft = ancestorTest(pool, l, t);
    const aboveRight = union ? ancestorsOf(pool, r, t) : undefined;
    return {
      right: (s) => underLeft(t.parent(s)),
      left: aboveRight ? (s) => aboveRight.has(s) : NEVER,
    };
  },
  '<<': (l, r, t, pool, union) => {
    const aboveLeft = ancestorsOf(pool, l, t);
    const underRight = union ? ancestorTest(pool, r, t) : undefined;
    return {
      right: (s) => aboveLeft.has(s),
      left: underRight ? (s) => underRight(t.parent(s)) : NEVER,
    };
  },
  '~': (l, r, t, pool, union) => {
    const leftSibling = siblingTest(pool, l, t);
    const rightSibling = union ? siblingTest(pool, r, t) : undefined;
    return { right: leftSibling, left: rightSibling ?? NEVER };
  },
};

function marked(pool: MarksPool, spans: readonly number[]): SpanMarks {
  const m = pool.take();
  m.setAll(spans);
  return m;
}

function parentsOf(pool: MarksPool, spans: readonly number[], t: QueryTrace): SpanMarks {
  const m = pool.take();
  for (const s of spans) {
    const p = t.parent(s);
    if (p >= 0) m.set(p);
  }
  return m;
}

/** Every strict ancestor of the spans; a walk stops at a span already marked (so once per span). */
function ancestorsOf(pool: MarksPool, spans: readonly number[], t: QueryTrace): SpanMarks {
  const m = pool.take();
  for (const s of spans) {
    for (let p = t.parent(s); p >= 0 && !m.has(p); p = t.parent(p)) m.set(p);
  }
  return m;
}

const YES = 1;
const NO = 2;
const VISITING = 3;

/** `test(x)`: x or one of its ancestors is one of the spans (memoised; a parent cycle counts as no). */
function ancestorTest(pool: MarksPool, spans: readonly number[], t: QueryTrace): (x: number) => boolean {
  const inSet = marked(pool, spans);
  const memo = pool.take();
  const path: number[] = [];
  return (start) => {
    let answer = false;
    for (let x = start; x >= 0; x = t.parent(x)) {
      const known = memo.get(x);
      if (known !== 0) {
        answer = known === YES;
        break;
      }
      if (inSet.has(x)) {
        answer = true;
        break;
      }
      memo.set(x, VISITING);
      path.push(x);
    }
    for (const x of path) memo.set(x, answer ? YES : NO);
    path.length = 0;
    return answer;
  };
}

/** `test(s)`: another span of the list has the same parent as s. */
function siblingTest(pool: MarksPool, spans: readonly number[], t: QueryTrace): (s: number) => boolean {
  const children = pool.take();
  for (const s of spans) {
    const p = t.parent(s);
    if (p >= 0) children.add(p, 1);
  }
  const inSet = marked(pool, spans);
  return (s) => {
    const p = t.parent(s);
    return p >= 0 && children.get(p) - (inSet.has(s) ? 1 : 0) > 0;
  };
}

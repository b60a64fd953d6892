/**
 * The rows a typical-trace comparison is drawn as: B's tree with one ghost row per `missing` span
 * (typical.ts), placed under its B parent among that parent's children by start (B's span first on
 * a tie), so that a waterfall shows the expected call where it would have run. Ghost rows are leaves.
 * One iterative pass, O(n + ghosts).
 */
import type { PreOrderNodes } from '../tree/types.ts';
import type { Ghost } from './typical.ts';

export interface TypicalRowTree {
  readonly nodeCount: number;
  readonly parent: Int32Array;
  readonly depth: Uint32Array;
  readonly subtreeEnd: Uint32Array;
  readonly childCount: Uint32Array;
  /** Row → node of B, or -1 for a ghost row. */
  readonly contentOf: Int32Array;
  /** Row → index into the ghosts, or -1. */
  readonly ghostOf: Int32Array;
  /** Node of B → its row. */
  readonly rowOfB: Int32Array;
}

type Tree = Pick<PreOrderNodes, 'nodeCount' | 'subtreeEnd' | 'startNs'>;

export function typicalRows(b: Tree, ghosts: readonly Pick<Ghost, 'parent' | 'atNs'>[]): TypicalRowTree {
  const n = b.nodeCount;
  const g = ghosts.length;
  const size = n + g;
  // Ghosts per B parent (slot p + 1; 0 is the top level), in order of their start.
  const order = Array.from({ length: g }, (_, i) => i).sort(
    (x, y) => ghosts[x].parent - ghosts[y].parent || ghosts[x].atNs - ghosts[y].atNs || x - y,
  );
  const firstGhost = new Int32Array(n + 2);
  for (const gh of ghosts) firstGhost[gh.parent + 2]++;
  for (let p = 1; p < n + 2; p++) firstGhost[p] += firstGhost[p - 1];

  const parent = new Int32Array(size);
  const depth = new Uint32Array(size);
  const contentOf = new Int32Array(size);
  const ghostOf = new Int32Array(size);
  const rowOfB = new Int32Array(n);
  // Frames: the B node whose children are being written, the next B child, the next ghost, its row.
  const nextB = new Int32Array(n + 1);
  const endB = new Int32Array(n + 1);
  const nextGhost = new Int32Array(n + 1);
  const endGhost = new Int32Array(n + 1);
  const rowOf = new Int32Array(n + 1);
  let top = 0;
  const open = (y: number, row: number) => {
    nextB[top] = y + 1;
    endB[top] = y < 0 ? n : b.subtreeEnd[y];
    nextGhost[top] = firstGhost[y + 1];
    endGhost[top] = firstGhost[y + 2];
    rowOf[top] = row;
    top++;
  };
  let count = 0;
  const emit = (rowParent: number, content: number, ghost: number): number => {
    const r = count++;
    parent[r] = rowParent;
    depth[r] = rowParent < 0 ? 0 : depth[rowParent] + 1;
    contentOf[r] = content;
    ghostOf[r] = ghost;
    return r;
  };
  open(-1, -1);
  while (top > 0) {
    const f = top - 1;
    const y = nextB[f];
    const gi = nextGhost[f] < endGhost[f] ? order[nextGhost[f]] : -1;
    if (gi >= 0 && (y >= endB[f] || ghosts[gi].atNs < b.startNs[y])) {
      emit(rowOf[f], -1, gi);
      nextGhost[f]++;
    } else if (y < endB[f]) {
      const r = emit(rowOf[f], y, -1);
      rowOfB[y] = r;
      nextB[f] = b.subtreeEnd[y];
      open(y, r);
    } else top--;
  }
  const subtreeEnd = new Uint32Array(size);
  const childCount = new Uint32Array(size);
  for (let r = size - 1; r >= 0; r--) {
    if (subtreeEnd[r] === 0) subtreeEnd[r] = r + 1;
    const p = parent[r];
    if (p < 0) continue;
    childCount[p]++;
    if (subtreeEnd[r] > subtreeEnd[p]) subtreeEnd[p] = subtreeEnd[r];
  }
  return { nodeCount: size, parent, depth, subtreeEnd, childCount, contentOf, ghostOf, rowOfB };
}

/**
 * What two waterfalls over one row tree share (the diff's panes, DESIGN §6): the rows (collapse
 * and filter state), the vertical scroll, the row under the pointer and, when `shareTime`, the time
 * window. Outside React: a pane that changes one of them publishes it, and every other pane adopts
 * it and schedules its own frame, so the rows stay aligned at 60 Hz without a React render.
 */
import type { RowModel } from '../../core/layout/row-model.ts';
import type { RowTree } from '../../render/frame.ts';
import type { TimeWindow } from '../../render/time-axis.ts';

export interface SyncMember {
  /** Another member changed the shared state: adopt it (and draw). */
  synced(sync: WaterfallSync): void;
}

export interface SyncState {
  /** The rows of `tree` (a member over another tree ignores them). */
  readonly rows: RowModel | null;
  readonly tree: RowTree | null;
  readonly scrollTopCssPx: number;
  /** The shared time window (with shareTime), null for the whole range. */
  readonly window: TimeWindow | null;
  /** Row-tree node under the pointer, -1 for none. */
  readonly hovered: number;
}

export class WaterfallSync implements SyncState {
  rows: RowModel | null = null;
  tree: RowTree | null = null;
  scrollTopCssPx = 0;
  window: TimeWindow | null = null;
  hovered = -1;
  private readonly members = new Set<SyncMember>();

  constructor(
    /** Whether the panes share one time window (one relative axis) or keep their own; may change. */
    public shareTime: boolean,
  ) {}

  join(member: SyncMember): () => void {
    this.members.add(member);
    return () => this.members.delete(member);
  }

  /** Changes the shared state; every member but `from` is told. */
  publish(from: SyncMember | null, patch: Partial<SyncState>): void {
    let changed = false;
    for (const [key, value] of Object.entries(patch) as [keyof SyncState, unknown][]) {
      if (this[key] === value) continue;
      (this as Record<keyof SyncState, unknown>)[key] = value;
      changed = true;
    }
    if (!changed) return;
    for (const m of this.members) if (m !== from) m.synced(this);
  }
}

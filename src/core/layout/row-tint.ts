/**
 * Row tints of a comparison (the diff and the typical trace): a slot per row, 0 for none. Added
 * (only in B), removed (only in A), a status change, another change of the span itself (renamed,
 * another kind), and a duration heat scale in three steps each way (slower warm, faster cool).
 * Computed with the layouts (core/diff/row-tints.ts); render/theme.ts gives each slot its colours.
 */
export const RowTint = {
  None: 0,
  Added: 1,
  Removed: 2,
  Status: 3,
  Changed: 4,
  Slower1: 5,
  Slower2: 6,
  Slower3: 7,
  Faster1: 8,
  Faster2: 9,
  Faster3: 10,
} as const;
export type RowTint = (typeof RowTint)[keyof typeof RowTint];
/** Slots 1..ROW_TINT_COUNT. */
export const ROW_TINT_COUNT = 10;

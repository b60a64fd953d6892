/**
 * Where things sit inside a row of the span tree column (CSS px), shared by the painter and the
 * hit test so that a click lands on what was drawn.
 */

const PAD = 8;
const INDENT = 14;
const TOGGLE = 12;
const SWATCH_GAP = 4;
const SWATCH_W = 3;
const ERROR_D = 12;

export interface TreeRowGeometry {
  /** Left edge of the collapse toggle. */
  readonly toggleX: number;
  readonly swatchX: number;
  /** Centre of the error marker (when the span failed). */
  readonly errorCx: number;
  /** Where the label starts with / without an error marker. */
  readonly labelX: number;
  readonly labelXWithError: number;
}

/** Deep trees stop indenting at 55% of the column so that labels keep room. */
export function indentCssPx(depth: number, treeWidthCssPx: number): number {
  return Math.min(depth * INDENT, Math.max(0, treeWidthCssPx * 0.55));
}

/** Levels of indent guides actually drawn (those inside the indent cap). */
export function guideLevels(depth: number, treeWidthCssPx: number): number {
  return Math.min(depth, Math.floor(indentCssPx(depth, treeWidthCssPx) / INDENT));
}

export function guideXCssPx(level: number): number {
  return PAD + level * INDENT + TOGGLE / 2;
}

export function treeRowGeometry(depth: number, treeWidthCssPx: number): TreeRowGeometry {
  const toggleX = PAD + indentCssPx(depth, treeWidthCssPx);
  const swatchX = toggleX + TOGGLE + SWATCH_GAP;
  const labelX = swatchX + SWATCH_W + 6;
  return {
    toggleX,
    swatchX,
    errorCx: labelX + ERROR_D / 2,
    labelX,
    labelXWithError: labelX + ERROR_D + 5,
  };
}

export const TOGGLE_CSS_PX = TOGGLE;
export const SWATCH_CSS_PX = SWATCH_W;
export const ERROR_MARKER_CSS_PX = ERROR_D;

/**
 * Axis ticks over a time window: round steps (1, 2, 5 × 10ⁿ ns) from d3-scale, about one per
 * 90 CSS px; or, for an axis whose x is a share of a whole (the aggregated flame graph, where
 * parallel calls are scaled into their parent), round percentages of that whole. Each axis keeps a
 * TickCache so that a frame whose window did not change allocates nothing.
 */
import { scaleLinear } from 'd3-scale';
import { formatTick } from './time-format.ts';

export interface Ticks {
  readonly ns: readonly number[];
  readonly labels: readonly string[];
  readonly stepNs: number;
}

export function timeTicks(startNs: number, endNs: number, widthCssPx: number, spacingCssPx = 90): Ticks {
  const count = Math.max(2, Math.floor(widthCssPx / spacingCssPx));
  const ns = scaleLinear().domain([startNs, endNs]).ticks(count);
  const stepNs = ns.length > 1 ? ns[1] - ns[0] : Math.max(1, endNs - startNs);
  return { ns, labels: ns.map((t) => formatTick(t, stepNs)), stepNs };
}

/** Ticks at round percentages of [fromX, toX] inside the window [startX, endX]; `ns` holds their x. */
export function shareTicks(
  startX: number,
  endX: number,
  fromX: number,
  toX: number,
  widthCssPx: number,
  spacingCssPx = 90,
): Ticks {
  const whole = Math.max(toX - fromX, 1e-9);
  const count = Math.max(2, Math.floor(widthCssPx / spacingCssPx));
  const pct = scaleLinear()
    .domain([((startX - fromX) / whole) * 100, ((endX - fromX) / whole) * 100])
    .ticks(count);
  const step = pct.length > 1 ? pct[1] - pct[0] : 100;
  const decimals = Math.max(0, Math.min(6, Math.ceil(-Math.log10(step) - 1e-9)));
  return {
    ns: pct.map((p) => fromX + (p / 100) * whole),
    labels: pct.map((p) => `${p.toFixed(decimals)}%`),
    stepNs: (step / 100) * whole,
  };
}

export class TickCache {
  private key = '';
  private ticks: Ticks = { ns: [], labels: [], stepNs: 1 };

  get(startNs: number, endNs: number, widthCssPx: number, spacingCssPx = 90): Ticks {
    const key = `${startNs}|${endNs}|${widthCssPx}|${spacingCssPx}`;
    if (key !== this.key) {
      this.ticks = timeTicks(startNs, endNs, widthCssPx, spacingCssPx);
      this.key = key;
    }
    return this.ticks;
  }

  /** Percent ticks of the whole [fromX, toX] (see shareTicks). */
  getShare(startX: number, endX: number, fromX: number, toX: number, widthCssPx: number): Ticks {
    const key = `%${startX}|${endX}|${fromX}|${toX}|${widthCssPx}`;
    if (key !== this.key) {
      this.ticks = shareTicks(startX, endX, fromX, toX, widthCssPx);
      this.key = key;
    }
    return this.ticks;
  }
}

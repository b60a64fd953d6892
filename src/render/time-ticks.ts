/**
 * Axis ticks over a time window: round steps (1, 2, 5 × 10ⁿ ns) from d3-scale, about one per
 * 90 CSS px. Each axis keeps a TickCache so that a frame whose window did not change allocates
 * nothing.
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
}

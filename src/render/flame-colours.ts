/**
 * Colour slots of the flame graph's bars. Three ways to colour (DESIGN §9, issue "colour by"):
 * by service (errors red, as in the waterfall), by self time (a heat ramp, log scale from the
 * smallest to the largest self time), or by errors (error spans red, their ancestors light red,
 * the rest neutral). Slots index `flameColours(palette)`.
 */
import type { Palette } from './theme.ts';

export type FlameColourMode = 'service' | 'self' | 'errors';

/** Cool to hot: readable black text on all of them. */
const HEAT = ['#fff1c1', '#fde0a0', '#fcc97e', '#fbb060', '#f69449', '#ef7839', '#e45c2f', '#d43f28'];

/** Slots after the service colours: error, heat ramp, neutral, error ancestor. */
export function flameSlots(serviceCount: number) {
  return {
    error: serviceCount,
    heat: serviceCount + 1,
    neutral: serviceCount + 1 + HEAT.length,
    errorAncestor: serviceCount + 2 + HEAT.length,
    count: serviceCount + 3 + HEAT.length,
  };
}

export const HEAT_STEPS = HEAT.length;

const cache = new WeakMap<Palette, readonly string[]>();

/** The colour of every slot of a palette (computed once per palette). */
export function flameColours(p: Palette): readonly string[] {
  let c = cache.get(p);
  if (!c) {
    const ancestor = p.name === 'dark' ? '#7a3a3a' : '#f3b8b8';
    const neutral = p.name === 'dark' ? '#4a525c' : '#c9ced6';
    c = [...p.services, p.error, ...HEAT, neutral, ancestor];
    cache.set(p, c);
  }
  return c;
}

export interface ColourInput {
  readonly count: number;
  /** Service string index per item. */
  readonly service: Uint32Array;
  /** Self time per item in ns. */
  readonly selfNs: Float64Array;
  /** 1 where the item is an error (a span with status error; a frame with error spans). */
  readonly isError: (item: number) => boolean;
  /** 1 where the item has an error below it (computed by the caller for its tree). */
  readonly hasErrorBelow: Uint8Array;
}

/** Slot per item for a colouring mode. O(items); computed once per layout and mode. */
export function flameColourSlots(
  mode: FlameColourMode,
  input: ColourInput,
  serviceSlot: Uint8Array,
  serviceCount: number,
): Uint8Array {
  const slots = flameSlots(serviceCount);
  const out = new Uint8Array(input.count);
  let maxSelf = 0;
  if (mode === 'self') for (let i = 0; i < input.count; i++) maxSelf = Math.max(maxSelf, input.selfNs[i]);
  const scale = HEAT_STEPS / Math.log1p(Math.max(maxSelf, 1) / 1000);
  for (let i = 0; i < input.count; i++) {
    if (mode === 'service') out[i] = input.isError(i) ? slots.error : serviceSlot[input.service[i]];
    else if (mode === 'errors')
      out[i] = input.isError(i) ? slots.error : input.hasErrorBelow[i] ? slots.errorAncestor : slots.neutral;
    else {
      const step = Math.floor(Math.log1p(Math.max(0, input.selfNs[i]) / 1000) * scale);
      out[i] = slots.heat + Math.min(HEAT_STEPS - 1, Math.max(0, step));
    }
  }
  return out;
}

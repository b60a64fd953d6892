/**
 * Which flame model the options ask for, and asking the worker for it: the lanes of the chosen
 * mode (laid out once per trace handle and weight, cached by the handle) turned into a FlameModel
 * for the colour, "errors only" and focus. A newer request wins over one still in flight.
 */
import type { FlameWeight } from '../../core/layout/flame-aggregate-layout.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { aggModel } from './agg-model.ts';
import type { FlameColourMode, FlameModel } from './flame-model.ts';
import { timeModel } from './time-model.ts';

/** What a model is built from; a new model when any of it changes. */
export interface ModelKey {
  readonly handle: TraceHandle;
  readonly mode: 'time' | 'agg';
  readonly weight: FlameWeight;
  readonly colour: FlameColourMode;
  readonly errorsOnly: boolean;
  readonly focusNode: number;
}

function sameKey(a: ModelKey | null, b: ModelKey): boolean {
  return (
    a !== null &&
    a.handle === b.handle &&
    a.mode === b.mode &&
    a.weight === b.weight &&
    a.colour === b.colour &&
    a.errorsOnly === b.errorsOnly &&
    a.focusNode === b.focusNode
  );
}

/** Whether the view must go back to the whole of the new model (its x or lanes mean something else). */
export function modelMoved(prev: ModelKey | null, next: ModelKey): boolean {
  return (
    prev === null ||
    prev.mode !== next.mode ||
    prev.focusNode !== next.focusNode ||
    prev.weight !== next.weight ||
    prev.handle.traceId !== next.handle.traceId
  );
}

export class FlameModelLoader {
  private shown: ModelKey | null = null;
  private loading: ModelKey | null = null;

  constructor(
    /** Called with each model built for the latest request. */
    private readonly onModel: (model: FlameModel, key: ModelKey, previous: ModelKey | null) => void,
  ) {}

  /** Builds the model for `key` unless it is shown or on its way. */
  request(key: ModelKey, serviceSlot: Uint8Array, serviceColours: readonly string[]): void {
    if (sameKey(this.shown, key) || sameKey(this.loading, key)) return;
    this.loading = key;
    const cols = key.handle.columns;
    const opts = {
      colour: key.colour,
      errorsOnly: key.errorsOnly,
      focusNode: key.focusNode,
      serviceSlot,
      serviceColours,
    };
    const built: Promise<FlameModel> =
      key.mode === 'time'
        ? key.handle.flameTime().then((layout) => timeModel(cols, layout, opts))
        : key.handle.flameAggregate(key.weight).then((a) => aggModel(cols, a.aggregate, a.layout, opts));
    built.then(
      (model) => {
        if (this.loading !== key) return;
        this.loading = null;
        const previous = this.shown;
        this.shown = key;
        this.onModel(model, key, previous);
      },
      () => {
        if (this.loading === key) this.loading = null;
      },
    );
  }
}

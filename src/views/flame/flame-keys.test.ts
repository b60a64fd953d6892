import { describe, expect, it } from 'vitest';
import { aggregateFlame } from '../../core/layout/flame-aggregate.ts';
import { aggregateLayout } from '../../core/layout/flame-aggregate-layout.ts';
import { flameTimeLayout } from '../../core/layout/flame-time-layout.ts';
import { nodeOfSpanId, type TraceColumns } from '../../core/layout/trace-columns.ts';
import { SERVICE_COLOURS, serviceSlots } from '../../render/theme.ts';
import { asciiColumns } from '../../testing/ascii-columns.ts';
import { idOf } from '../../testing/ascii-trace.ts';
import { aggModel } from './agg-model.ts';
import { flameKey } from './flame-keys.ts';
import type { FlameModel } from './flame-model.ts';
import { timeModel } from './time-model.ts';

//  root  [==========================]
//    a     [=====]
//      a1   [=]
//    b            [=====]          (overlaps c: its own lane)
//    c               [========]
//      q               [=]  q twice: one aggregated frame
//      q                  [=]
const cols = asciiColumns(`
  root |==========================|
    a    |=====|
      a1  |=|
    b           |=====|
    c              |========|
      q1 [name=q]    |=|
      q2 [name=q]       |=|
`);

function options(c: TraceColumns, focusNode = -1) {
  return {
    colour: 'service' as const,
    errorsOnly: false,
    focusNode,
    serviceSlot: serviceSlots(c.strings, c.service, SERVICE_COLOURS.length),
    serviceColours: SERVICE_COLOURS,
  };
}

/** Node of a label (span ids are the labels' bytes). */
const node = (label: string) => nodeOfSpanId(cols, idOf(label));
const press = (m: FlameModel, kind: string, selected: number, rows = 1) =>
  flameKey({ kind, rows } as Parameters<typeof flameKey>[0], m, selected);

describe('flame keys', () => {
  const time = timeModel(cols, flameTimeLayout(cols), options(cols));

  it('↓ first child, ← → siblings in time order, ↑ parent, Home the top, Enter focuses', () => {
    expect(press(time, 'move', node('root'), 1)).toEqual({ kind: 'select', item: node('a') });
    expect(press(time, 'expand-or-child', node('a'))).toEqual({ kind: 'select', item: node('b') });
    expect(press(time, 'expand-or-child', node('b'))).toEqual({ kind: 'select', item: node('c') });
    expect(press(time, 'expand-or-child', node('c'))).toEqual({ kind: 'none' });
    expect(press(time, 'collapse-or-parent', node('c'))).toEqual({ kind: 'select', item: node('b') });
    expect(press(time, 'move', node('a1'), -1)).toEqual({ kind: 'select', item: node('a') });
    expect(press(time, 'move', node('a1'), 1)).toEqual({ kind: 'none' });
    expect(press(time, 'home', node('q1'))).toEqual({ kind: 'select', item: node('root') });
    expect(press(time, 'open-details', node('c'))).toEqual({ kind: 'focus', item: node('c') });
    expect(press(time, 'clear', node('c'))).toBeNull();
  });

  it('starts at the top when nothing is selected; a focus is the top and goes no higher', () => {
    expect(press(time, 'move', -1, 1)).toEqual({ kind: 'select', item: node('root') });
    const focused = timeModel(cols, flameTimeLayout(cols), options(cols, node('c')));
    expect(press(focused, 'move', -1, 1)).toEqual({ kind: 'select', item: node('c') });
    expect(press(focused, 'move', node('c'), -1)).toEqual({ kind: 'none' });
    expect(press(focused, 'collapse-or-parent', node('c'))).toEqual({ kind: 'none' });
    expect(press(focused, 'move', node('c'), 1)).toEqual({ kind: 'select', item: node('q1') });
  });

  it('moves between frames in the aggregated graph, children widest first', () => {
    const agg = aggregateFlame(cols);
    const m = aggModel(cols, agg, aggregateLayout(agg, 'total'), options(cols));
    const frame = (name: string) => agg.frameOf[node(name)];
    expect(press(m, 'move', frame('root'), 1)).toEqual({ kind: 'select', item: frame('c') });
    expect(press(m, 'expand-or-child', frame('c'))).toEqual({ kind: 'select', item: frame('a') });
    expect(press(m, 'move', frame('c'), 1)).toEqual({ kind: 'select', item: frame('q1') });
    expect(frame('q1')).toBe(frame('q2'));
    expect(press(m, 'move', frame('q1'), -1)).toEqual({ kind: 'select', item: frame('c') });
  });
});

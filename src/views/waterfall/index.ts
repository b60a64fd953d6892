export type { TimeWindow } from '../../render/time-axis.ts';
export type { RowMap, RowMapTree, WaterfallApi, WaterfallProps, WaterfallTheme } from './types.ts';
export { Waterfall } from './waterfall.tsx';
export { WaterfallSync } from './waterfall-sync.ts';

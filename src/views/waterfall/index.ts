export type { TimeWindow } from '../../render/time-axis.ts';
export type { WaterfallApi, WaterfallProps, WaterfallTheme } from './types.ts';
export { Waterfall } from './waterfall.tsx';

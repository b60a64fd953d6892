export type { TimeWindow, WaterfallApi, WaterfallProps, WaterfallTheme } from './types.ts';
export { Waterfall } from './waterfall.tsx';

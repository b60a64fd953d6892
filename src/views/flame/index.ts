export { FlameGraph } from './flame-graph.tsx';
export type { FlameColourMode } from './flame-model.ts';
export type { FlameGraphApi, FlameGraphProps } from './types.ts';

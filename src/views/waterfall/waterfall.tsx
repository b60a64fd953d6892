/**
 * Placeholder with the final props while the canvas surface is being built (see README.md).
 */
import type { WaterfallProps } from './types.ts';

export function Waterfall({ handle, className }: WaterfallProps) {
  return (
    <div className={className} role="tree" aria-label={`Trace ${handle.traceId}`} data-testid="waterfall" />
  );
}

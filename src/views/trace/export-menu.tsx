/**
 * Download the trace as OTLP / Jaeger / Zipkin JSON (encoded by the worker) or the visible canvas
 * view (waterfall or flame graph) as PNG.
 */
import { useTraceView } from '../../state/trace-view.ts';
import type { ExportFormat } from '../../worker/protocol.ts';
import { MenuButton } from '../shell/menu-button.tsx';
import type { TraceCommands } from './use-trace-commands.ts';

const FORMATS: readonly [ExportFormat, string][] = [
  ['otlp-json', 'OTLP JSON'],
  ['jaeger-json', 'Jaeger JSON'],
  ['zipkin-json', 'Zipkin JSON'],
];

export function ExportMenu({ commands }: { readonly commands: TraceCommands }) {
  const view = useTraceView((s) => s.view);
  return (
    <MenuButton
      icon="download"
      label="Export"
      items={[
        ...FORMATS.map(([format, label]) => ({
          label,
          run: () => void commands.exportTrace(format),
        })),
        {
          label: view === 'flame' ? 'Flame graph as PNG' : 'Waterfall as PNG',
          run: () => void commands.exportPng(),
        },
      ]}
    />
  );
}

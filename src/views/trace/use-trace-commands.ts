/**
 * Everything the trace page can do, as one set of stable functions shared by the toolbar buttons
 * and the keyboard shortcuts (and "copy for incident"'s message).
 */
import { type RefObject, useMemo, useRef } from 'react';
import { spanIdOf } from '../../core/layout/trace-columns.ts';
import type { IncidentText } from '../../core/share/incident-text.ts';
import { useLocation } from '../../state/location.ts';
import { currentTraceView, setTraceView } from '../../state/trace-view.ts';
import { showToast } from '../../state/ui.ts';
import { parseRoute, shareableUrl } from '../../state/url.ts';
import type { TraceView } from '../../state/view-states.ts';
import type { ExportFormat } from '../../worker/protocol.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import type { FlameGraphApi } from '../flame/index.ts';
import { traceIncidentText } from '../share/incident-texts.ts';
import type { TraceCommand } from '../shell/shortcuts.ts';
import type { WaterfallApi } from '../waterfall/index.ts';
import { copyText, downloadBlob } from './browser-io.ts';
import { stepMatch } from './use-find.ts';

export interface TraceContext {
  readonly handle: TraceHandle;
  readonly waterfall: RefObject<WaterfallApi | null>;
  readonly flame: RefObject<FlameGraphApi | null>;
  readonly findInput: RefObject<HTMLInputElement | null>;
  readonly detailPanel: RefObject<HTMLElement | null>;
  readonly matches: Uint32Array | null;
  readonly selectedNode: number;
}

export type TraceCommands = Record<TraceCommand, () => void> & {
  selectNode(node: number, scroll?: boolean): void;
  openDetails(): void;
  setView(view: TraceView): void;
  exportTrace(format: ExportFormat): Promise<void>;
  exportPng(): Promise<void>;
  /** "Copy for incident": the trace as a chat message with this view's link. */
  incidentText(): Promise<IncidentText>;
};

const EXPORT_SUFFIX: Record<ExportFormat, string> = {
  'otlp-json': 'otlp.json',
  'jaeger-json': 'jaeger.json',
  'zipkin-json': 'zipkin.json',
};

export function useTraceCommands(context: TraceContext): TraceCommands {
  // Commands read the latest context through a ref, so their identity never changes.
  const ctx = useRef(context);
  ctx.current = context;

  return useMemo(() => {
    const toggle = (key: 'errorsOnly' | 'criticalPath' | 'adjustSkew') =>
      setTraceView({ [key]: !currentTraceView()[key] });
    const selectNode = (node: number, scroll = false) => {
      const { handle, waterfall } = ctx.current;
      setTraceView({ spanId: node >= 0 ? spanIdOf(handle.columns, node) : null });
      if (scroll && node >= 0) waterfall.current?.scrollToNode(node);
    };
    const step = (direction: 1 | -1) => {
      const { matches, selectedNode } = ctx.current;
      if (!matches || matches.length === 0) return;
      selectNode(stepMatch(matches, selectedNode, direction), true);
    };
    const setView = (view: TraceView) => setTraceView({ view }, 'push');
    return {
      selectNode,
      setView,
      focusFind: () => {
        ctx.current.findInput.current?.focus();
        ctx.current.findInput.current?.select();
      },
      nextMatch: () => step(1),
      prevMatch: () => step(-1),
      toggleErrors: () => toggle('errorsOnly'),
      toggleCritical: () => toggle('criticalPath'),
      toggleSkew: () => toggle('adjustSkew'),
      viewWaterfall: () => setView('waterfall'),
      viewFlame: () => setView('flame'),
      viewStats: () => setView('stats'),
      viewJson: () => setView('json'),
      resetZoom: () => {
        ctx.current.waterfall.current?.resetZoom();
        ctx.current.flame.current?.resetZoom();
        setTraceView({ zoom: null });
      },
      collapseAll: () => ctx.current.waterfall.current?.collapseAll(),
      expandAll: () => ctx.current.waterfall.current?.expandAll(),
      clearSelection: () => setTraceView({ spanId: null }),
      openDetails: () => ctx.current.detailPanel.current?.focus(),
      incidentText: () => traceIncidentText(ctx.current.handle),
      copyLink: async () => {
        const { pathname, search } = useLocation.getState();
        if (parseRoute(pathname).name === 'file-trace') {
          showToast('This trace is a local file: its link is not shareable until the store has it', 'error');
          return;
        }
        const url = shareableUrl(window.location.origin, pathname, search);
        const ok = await copyText(url);
        showToast(ok ? 'Link copied' : `Copy failed; the link is ${url}`, ok ? 'info' : 'error');
      },
      exportTrace: async (format) => {
        const { handle } = ctx.current;
        try {
          downloadBlob(await handle.encode(format), `trace-${handle.traceId}.${EXPORT_SUFFIX[format]}`);
        } catch (e) {
          showToast(`Export failed: ${(e as Error).message}`, 'error');
        }
      },
      exportPng: async () => {
        const { handle, waterfall, flame } = ctx.current;
        const canvasView = waterfall.current ?? flame.current;
        if (!canvasView) {
          showToast('Switch to the waterfall or the flame graph to save it as PNG', 'error');
          return;
        }
        try {
          const suffix = waterfall.current ? '' : '-flame';
          downloadBlob(await canvasView.toPNG(), `trace-${handle.traceId}${suffix}.png`);
        } catch (e) {
          showToast(`PNG export failed: ${(e as Error).message}`, 'error');
        }
      },
    };
  }, []);
}

/**
 * The canvas waterfall as a React component: it renders the DOM skeleton (minimap canvas, main
 * canvas, accessible mirror, tooltip) once and hands everything else to a WaterfallController.
 * Props flow into the controller; the trace never enters React state.
 */
import { useEffect, useImperativeHandle, useRef } from 'react';
import { paletteFor } from '../../render/theme.ts';
import { DEFAULT_GEOMETRY } from '../../render/viewport.ts';
import { canvasesToPng } from '../canvas/canvas-png.ts';
import { useCanvasController } from '../canvas/use-canvas-controller.ts';
import { MINIMAP_HEIGHT_CSS_PX } from './minimap-surface.ts';
import type { ControllerCallbacks, WaterfallApi, WaterfallProps } from './types.ts';
import { WaterfallController } from './waterfall-controller.ts';

export function Waterfall(props: WaterfallProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const minimapRef = useRef<HTMLCanvasElement>(null);
  const mirrorRef = useRef<HTMLDivElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const ctlRef = useRef<WaterfallController | null>(null);
  useCanvasController(
    ctlRef,
    rootRef,
    bodyRef,
    () =>
      new WaterfallController(
        {
          root: rootRef.current!,
          canvas: canvasRef.current!,
          minimap: minimapRef.current!,
          mirror: mirrorRef.current!,
          tooltip: tooltipRef.current!,
        },
        (): ControllerCallbacks => {
          const p = propsRef.current;
          return {
            onSelect: p.onSelect,
            onViewChange: p.onViewChange,
            onOpenDetails: p.onOpenDetails,
            onFocusFind: p.onFocusFind,
            onFirstFrame: p.onFirstFrame,
            renderedMark: p.renderedMark === undefined ? 'spanscope:trace-rendered' : p.renderedMark,
          };
        },
      ),
  );

  const { handle, theme, selectedNode, highlight, dimOthers, errorsOnly, criticalPath, view } = props;
  const { rowMap, sync, timeRangeNs, collapsed } = props;
  const minimap = props.minimap ?? true;
  useEffect(() => {
    const ctl = ctlRef.current!;
    ctl.update(handle, rowMap ?? null, {
      theme,
      selectedNode,
      highlight: highlight ?? null,
      dimOthers: dimOthers ?? false,
      errorsOnly: errorsOnly ?? false,
      criticalPath: criticalPath ?? false,
      view: view ?? null,
      sync: sync ?? null,
      timeRangeNs: timeRangeNs ?? null,
      collapsed: collapsed ?? null,
      minimap,
    });
  }, [
    handle,
    theme,
    selectedNode,
    highlight,
    dimOthers,
    errorsOnly,
    criticalPath,
    view,
    rowMap,
    sync,
    timeRangeNs,
    collapsed,
    minimap,
  ]);

  useImperativeHandle(
    props.ref,
    (): WaterfallApi => ({
      collapseAll: () => ctlRef.current?.collapseAll(),
      expandAll: () => ctlRef.current?.expandAll(),
      expandLevel: (d) => ctlRef.current?.expandLevel(d),
      collapse: (n) => ctlRef.current?.collapse(n),
      expand: (n) => ctlRef.current?.expand(n),
      toggle: (n) => ctlRef.current?.toggle(n),
      scrollToNode: (n) => ctlRef.current?.scrollToNode(n),
      resetZoom: () => ctlRef.current?.resetZoom(),
      toPNG: () => {
        ctlRef.current?.flush();
        return canvasesToPng([minimapRef.current!, canvasRef.current!]);
      },
      focus: () => rootRef.current?.focus(),
    }),
    [],
  );

  const palette = paletteFor(theme);
  return (
    <div
      ref={rootRef}
      className={props.className}
      role="tree"
      aria-label={props.label ?? `Waterfall of trace ${handle.traceId}, ${handle.summary.spanCount} spans`}
      aria-multiselectable={false}
      tabIndex={0}
      data-testid="waterfall"
      style={{
        position: 'relative',
        display: 'flex',
        flexDirection: 'column',
        width: '100%',
        height: '100%',
        minHeight: 0,
        overflow: 'hidden',
        background: palette.background,
        outline: 'none',
        touchAction: 'none',
        userSelect: 'none',
      }}
    >
      <canvas
        ref={minimapRef}
        data-testid="waterfall-minimap"
        style={{
          display: minimap ? 'block' : 'none',
          width: '100%',
          height: MINIMAP_HEIGHT_CSS_PX,
          flex: 'none',
        }}
      />
      <div ref={bodyRef} style={{ position: 'relative', flex: 1, minHeight: 0 }}>
        <canvas
          ref={canvasRef}
          data-testid="waterfall-canvas"
          style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', display: 'block' }}
        />
        <div
          ref={mirrorRef}
          style={{
            position: 'absolute',
            left: 0,
            right: 0,
            top: DEFAULT_GEOMETRY.axisHeightCssPx,
            bottom: 0,
            overflow: 'hidden',
          }}
        />
      </div>
      <div ref={tooltipRef} />
    </div>
  );
}

/**
 * The flame graph as a React component: renders the DOM skeleton (canvas, accessible mirror,
 * tooltip) once and hands everything else to a FlameController. Props flow into the controller;
 * the trace never enters React state.
 */
import { useEffect, useImperativeHandle, useRef } from 'react';
import { FLAME_GEOMETRY } from '../../render/flame-frame.ts';
import { paletteFor } from '../../render/theme.ts';
import { canvasesToPng } from '../canvas/canvas-png.ts';
import { useCanvasController } from '../canvas/use-canvas-controller.ts';
import { FlameController } from './flame-controller.ts';
import type { FlameCallbacks, FlameGraphApi, FlameGraphProps } from './types.ts';

export function FlameGraph(props: FlameGraphProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const mirrorRef = useRef<HTMLDivElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const ctlRef = useRef<FlameController | null>(null);
  useCanvasController(
    ctlRef,
    rootRef,
    rootRef,
    () =>
      new FlameController(
        {
          root: rootRef.current!,
          canvas: canvasRef.current!,
          mirror: mirrorRef.current!,
          tooltip: tooltipRef.current!,
        },
        (): FlameCallbacks => {
          const p = propsRef.current;
          return {
            onSelect: p.onSelect,
            onFocus: p.onFocus,
            onViewChange: p.onViewChange,
            onFocusFind: p.onFocusFind,
            renderedMark: p.renderedMark === undefined ? 'spanscope:flame-rendered' : p.renderedMark,
          };
        },
      ),
  );

  const { handle, theme, mode, colour, weight, focusNode, selectedNode } = props;
  const { highlight, dimOthers, errorsOnly, criticalPath, view } = props;
  useEffect(() => {
    const ctl = ctlRef.current!;
    ctl.setOptions({
      theme,
      mode,
      colour,
      weight,
      focusNode,
      selectedNode,
      highlight: highlight ?? null,
      dimOthers: dimOthers ?? false,
      errorsOnly: errorsOnly ?? false,
      criticalPath: criticalPath ?? false,
      view: view ?? null,
    });
    ctl.setHandle(handle);
  }, [
    handle,
    theme,
    mode,
    colour,
    weight,
    focusNode,
    selectedNode,
    highlight,
    dimOthers,
    errorsOnly,
    criticalPath,
    view,
  ]);

  useImperativeHandle(
    props.ref,
    (): FlameGraphApi => ({
      resetZoom: () => ctlRef.current?.resetZoom(),
      toPNG: () => {
        ctlRef.current?.flush();
        return canvasesToPng([canvasRef.current!]);
      },
      focus: () => rootRef.current?.focus(),
    }),
    [],
  );

  const label = mode === 'agg' ? 'Aggregated flame graph' : 'Flame chart';
  return (
    <div
      ref={rootRef}
      role="tree"
      aria-label={`${label} of trace ${handle.traceId}, ${handle.summary.spanCount} spans`}
      tabIndex={0}
      data-testid="flame"
      style={{
        position: 'relative',
        width: '100%',
        height: '100%',
        minHeight: 0,
        overflow: 'hidden',
        background: paletteFor(theme).background,
        outline: 'none',
        touchAction: 'none',
        userSelect: 'none',
      }}
    >
      <canvas
        ref={canvasRef}
        data-testid="flame-canvas"
        style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', display: 'block' }}
      />
      <div
        ref={mirrorRef}
        style={{
          position: 'absolute',
          left: 0,
          right: 0,
          top: FLAME_GEOMETRY.axisHeightCssPx,
          bottom: 0,
          overflow: 'hidden',
        }}
      />
      <div ref={tooltipRef} />
    </div>
  );
}

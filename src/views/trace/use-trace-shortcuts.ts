/**
 * The trace page's keys (shortcuts.ts). Keys the focused waterfall or a text field already used
 * are left alone.
 */
import { useEffect } from 'react';
import { useUi } from '../../state/ui.ts';
import { isTypingTarget, TRACE_KEYMAP } from '../shell/shortcuts.ts';
import type { TraceCommands } from './use-trace-commands.ts';

/** `enabled` false (a preview of a trace still loading): the page's keys wait for the complete trace. */
export function useTraceShortcuts(commands: TraceCommands, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e.target) || useUi.getState().helpOpen) return;
      const command = TRACE_KEYMAP.get(e.key);
      if (!command) return;
      e.preventDefault();
      commands[command]();
    };
    // On document, so it runs before the window-level global shortcuts and can claim `/`.
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [commands, enabled]);
}

/**
 * The app's start (boot.ts runs it once the address's trace is loading): the theme's colours, then
 * the React root mounts in a transition.
 */
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { applyTheme, currentTheme } from './shell/use-theme.ts';

// When the app's code began to run (benchmarks: the trace's load started before it, boot.ts).
performance.mark('spanscope:app-start');

// The stylesheets' shared colours come from render/theme.ts: on <html> before the app first paints.
applyTheme(currentTheme());

// A transition: React renders the app in slices that leave the main thread free every few ms.
startTransition(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

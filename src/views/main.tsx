/**
 * The entry point: styles and the theme's colours, then (in a task of its own, once this bundle is
 * evaluated) the trace of a `/trace/<id>` address, or both traces of a `/diff/<a>/<b>` one, start
 * loading before React renders anything, and the app mounts.
 */
import './styles/base.css';
import './styles/shell.css';
import './styles/lists.css';
import './styles/trace.css';
import './styles/detail.css';
import './styles/query.css';
import './styles/search.css';
import './styles/diff.css';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { openDiffEarly } from './diff/early-diff.ts';
import { applyTheme, currentTheme } from './shell/use-theme.ts';
import { openTraceEarly } from './trace/early-trace.ts';

// The stylesheets' shared colours come from render/theme.ts: on <html> before the app first paints.
applyTheme(currentTheme());

setTimeout(() => {
  openTraceEarly(location.pathname, location.search);
  openDiffEarly(location.pathname, location.search);
  // A transition: React renders the app in slices that leave the main thread free every few ms.
  startTransition(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
});

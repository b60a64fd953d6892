/**
 * The app: react-query client, theme, header and status footer (none in an embed), the routed page,
 * the file drop zone and toasts.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ApiError } from '../data/api-client.ts';
import { useLocation } from '../state/location.ts';
import { parseRoute } from '../state/url.ts';
import type { TraceHandle } from '../worker/trace-client.ts';
import { DiffPage } from './diff/diff-page.tsx';
import { TypicalPage } from './diff/typical-page.tsx';
import { FilesPage } from './files/files-page.tsx';
import { HomePage } from './home/home-page.tsx';
import { ImportProvider } from './import/import-context.tsx';
import { PinsPage } from './pins/pins-page.tsx';
import { SearchPage } from './search/search-page.tsx';
import { Header } from './shell/header.tsx';
import { HelpOverlay, useGlobalShortcuts } from './shell/help-overlay.tsx';
import { NotFoundPage } from './shell/not-found-page.tsx';
import { StatusFooter } from './shell/status-footer.tsx';
import { Toasts } from './shell/toasts.tsx';
import { useEmbed } from './shell/use-embed.ts';
import { useThemeSync } from './shell/use-theme.ts';
import { TracePage } from './trace/trace-page.tsx';
import { isHandedOver } from './trace/use-trace-handle.ts';

/** Queries whose data holds a worker: a trace (TraceHandle), a diff, a typical-trace comparison. */
const OWNS_A_WORKER = new Set(['trace', 'diff', 'typical']);
type Disposable = Pick<TraceHandle, 'dispose'>;

function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        // A 4xx (unknown trace, bad query) will not change by asking again.
        retry: (count, error) =>
          count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  });
  // A trace handle (or a diff's traces) owns a worker: end it when react-query forgets them (a
  // local file's handle handed over to its store key lives on there).
  client.getQueryCache().subscribe((event) => {
    if (event.type !== 'removed' || !OWNS_A_WORKER.has(event.query.queryKey[0] as string)) return;
    const data = event.query.state.data as Disposable | undefined;
    if (!isHandedOver(data)) data?.dispose();
  });
  return client;
}

function Page() {
  const pathname = useLocation((l) => l.pathname);
  const route = useMemo(() => parseRoute(pathname), [pathname]);
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'search':
      return <SearchPage />;
    case 'pins':
      return <PinsPage />;
    case 'trace':
      return <TracePage traceId={route.traceId} rawId={route.rawId} />;
    case 'file-trace':
      // The same page as a stored trace: when the store has it, the address changes and nothing is redrawn.
      return <TracePage traceId={route.traceId} rawId={route.traceId} fileKey={route.key} />;
    case 'file':
      return <FilesPage fileKey={route.key} />;
    case 'diff':
      return <DiffPage traceIdA={route.traceIdA} traceIdB={route.traceIdB} />;
    case 'typical':
      return <TypicalPage traceIdB={route.traceIdB} />;
    case 'bad-id':
      return <NotFoundPage title="Not a trace id" detail={route.rawId} />;
    case 'not-found':
      return <NotFoundPage title="Page not found" detail={route.path} />;
  }
}

export function App() {
  const client = useMemo(createQueryClient, []);
  const embed = useEmbed();
  useThemeSync();
  useGlobalShortcuts();
  return (
    <QueryClientProvider client={client}>
      <ImportProvider>
        <div className={embed ? 'app app-embed' : 'app'}>
          {!embed && <Header />}
          <main className="app-main">
            <Page />
          </main>
          {!embed && <StatusFooter />}
        </div>
        <Toasts />
        <HelpOverlay />
      </ImportProvider>
    </QueryClientProvider>
  );
}

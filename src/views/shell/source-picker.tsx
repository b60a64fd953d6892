/**
 * Which store to read: the local one or an external source configured with `--source`. The choice
 * is shareable view state (`?source=`), so it goes into the URL of the trace list.
 */
import { LOCAL_SOURCE } from '../../core/api/paths.ts';
import type { SourceHealth } from '../../core/api/sources.ts';
import { useSources } from '../../data/queries.ts';
import { navigate, useLocation } from '../../state/location.ts';
import { traceViewOf } from '../../state/trace-view.ts';
import { formatSearchQuery, parseRoute, parseSearchQuery } from '../../state/url.ts';
import { DEFAULT_SEARCH_VIEW } from '../../state/view-states.ts';

/** The source of the page on screen ('local' when none is chosen). */
export function useCurrentSource(): string {
  return useLocation((l) => {
    const route = parseRoute(l.pathname).name;
    const parsed = route === 'trace' ? traceViewOf(l.search).state : parseSearchQuery(l.search).state;
    return parsed.source ?? 'local';
  });
}

/** A source's last probe, for its option's tooltip. */
function healthText(h: SourceHealth | undefined): string | undefined {
  if (!h) return undefined;
  return h.error
    ? `${h.reachable ? 'answers, but' : 'unreachable:'} ${h.error}`
    : `reachable (${h.latencyMs} ms)`;
}

export function SourcePicker() {
  const sources = useSources();
  const current = useCurrentSource();
  const list = sources.data ?? [{ name: 'local', kind: 'local' }];
  const known = list.some((s) => s.name === current);
  return (
    <label
      className="source-picker"
      title={sources.error ? `Sources: ${sources.error.message}` : 'Trace source'}
    >
      <span className="visually-hidden">Trace source</span>
      <select
        value={current}
        onChange={(e) => {
          const { pathname, search } = useLocation.getState();
          const onSearch = pathname === '/search';
          const base = onSearch || pathname === '/' ? parseSearchQuery(search).state : DEFAULT_SEARCH_VIEW;
          const source = e.target.value === 'local' ? null : e.target.value;
          navigate((onSearch ? '/search' : '/') + formatSearchQuery({ ...base, source }));
        }}
      >
        {list.map((s) => (
          <option key={s.name} value={s.name} title={healthText(s.health)}>
            {s.name === LOCAL_SOURCE ? 'Local store' : `${s.name} (${s.kind})`}
          </option>
        ))}
        {!known && <option value={current}>{current} (unknown)</option>}
      </select>
    </label>
  );
}

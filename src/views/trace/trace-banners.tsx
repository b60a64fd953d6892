/**
 * Honest notes about the data: orphans, several roots, duplicate ids, cycles, missing times,
 * decoder warnings (partial or truncated input), and the clock-skew adjustment with its toggle.
 */
import type { ReactNode } from 'react';
import type { TreeWarningKind } from '../../core/tree/types.ts';
import { currentTraceView, setTraceView } from '../../state/trace-view.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { Icon } from '../shell/icons.tsx';

const TITLES: Record<TreeWarningKind, string> = {
  orphans: 'Orphan spans',
  'multiple-roots': 'Several roots',
  'duplicate-ids': 'Duplicate span ids',
  copies: 'Repeated spans',
  cycles: 'Parent cycles',
  'clock-skew': 'Clock skew',
  'missing-times': 'Missing times',
  decoder: 'Incomplete or unusual data',
};

interface BannerProps {
  readonly tone: 'info' | 'warning';
  readonly children: ReactNode;
  readonly action?: ReactNode;
  readonly kind?: string;
}

function Banner({ tone, children, action, kind }: BannerProps) {
  return (
    <li className={`banner banner-${tone}`} data-kind={kind}>
      <Icon name="warning" />
      <div className="banner-text">{children}</div>
      {action}
    </li>
  );
}

export function TraceBanners({
  handle,
  missingSpanId,
}: {
  handle: TraceHandle;
  missingSpanId: string | null;
}) {
  const toggleSkew = () => setTraceView({ adjustSkew: !currentTraceView().adjustSkew });
  const skewOff = !handle.clockSkewAdjusted;
  const skewButton = (
    <button type="button" className="button button-small" onClick={toggleSkew}>
      {skewOff ? 'Adjust for skew' : 'Show raw times'}
    </button>
  );
  const skewWarned = handle.warnings.some((w) => w.kind === 'clock-skew');
  if (handle.warnings.length === 0 && !missingSpanId && !skewOff) return null;
  return (
    <ul className="trace-banners" aria-label="Notes about this trace">
      {missingSpanId && (
        <Banner tone="warning">
          The linked span <code className="mono">{missingSpanId}</code> is not in this trace.
        </Banner>
      )}
      {handle.warnings.map((w) => (
        <Banner
          key={w.kind}
          kind={w.kind}
          tone={w.kind === 'decoder' ? 'warning' : 'info'}
          action={w.kind === 'clock-skew' && skewButton}
        >
          <strong>{TITLES[w.kind] ?? w.kind}:</strong> {w.message}
        </Banner>
      ))}
      {skewOff && !skewWarned && (
        <Banner tone="info" action={skewButton}>
          Showing raw times: the clock-skew adjustment is off.
        </Banner>
      )}
    </ul>
  );
}

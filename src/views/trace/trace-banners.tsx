/**
 * Honest notes about the data: orphans, several roots, duplicate ids, cycles, missing times,
 * decoder warnings (partial or truncated input), and the clock-skew adjustment with its toggle.
 */
import type { ReactNode } from 'react';
import type { TreeWarning, TreeWarningKind } from '../../core/tree/types.ts';
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

function Banner({ warning, action }: { warning: TreeWarning; action?: ReactNode }) {
  return (
    <li
      className={`banner banner-${warning.kind === 'decoder' ? 'warning' : 'info'}`}
      data-kind={warning.kind}
    >
      <Icon name="warning" />
      <div className="banner-text">
        <strong>{TITLES[warning.kind] ?? warning.kind}:</strong> {warning.message}
      </div>
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
  const skewWarning = handle.warnings.find((w) => w.kind === 'clock-skew');
  const toggleSkew = () => setTraceView({ adjustSkew: !currentTraceView().adjustSkew });
  const skewOff = !handle.clockSkewAdjusted;
  if (handle.warnings.length === 0 && !missingSpanId && !skewOff) return null;
  return (
    <ul className="trace-banners" aria-label="Notes about this trace">
      {missingSpanId && (
        <li className="banner banner-warning" role="status">
          <Icon name="warning" />
          <div className="banner-text">
            The linked span <code className="mono">{missingSpanId}</code> is not in this trace.
          </div>
        </li>
      )}
      {handle.warnings.map((w) => (
        <Banner
          key={w.kind}
          warning={w}
          action={
            w.kind === 'clock-skew' && (
              <button type="button" className="button button-small" onClick={toggleSkew}>
                {skewOff ? 'Adjust for skew' : 'Show raw times'}
              </button>
            )
          }
        />
      ))}
      {skewOff && !skewWarning && (
        <li className="banner banner-info">
          <Icon name="warning" />
          <div className="banner-text">Showing raw times: the clock-skew adjustment is off.</div>
          <button type="button" className="button button-small" onClick={toggleSkew}>
            Adjust for skew
          </button>
        </li>
      )}
    </ul>
  );
}

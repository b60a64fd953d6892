/** Under a pinned trace's title: "Pinned snapshot of …", when and by whom, and its note (as text). */
import { usePin } from '../../data/pins.ts';
import { formatAbsolute, formatRelative } from '../format/format.ts';
import { Icon } from '../shell/icons.tsx';

export function PinnedLine({ traceId, enabled }: { readonly traceId: string; readonly enabled: boolean }) {
  const pin = usePin(traceId, enabled).data;
  if (!pin) return null;
  const root = [pin.rootServiceName, pin.rootTraceName].filter(Boolean).join(' ') || pin.traceId;
  return (
    <div className="pinned-line" data-testid="pinned-line">
      <Icon name="pin" size={14} />
      <span>
        <strong>Pinned snapshot</strong> of {root}, pinned{' '}
        <span title={formatAbsolute(pin.pinnedAtMs)}>{formatRelative(pin.pinnedAtMs, Date.now())}</span>
        {pin.pinnedBy ? ` by ${pin.pinnedBy}` : ''}: kept beyond retention.
      </span>
      {pin.note && <q className="pin-note">{pin.note}</q>}
    </div>
  );
}

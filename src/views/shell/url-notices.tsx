/**
 * The visible notice for URL parameters that were ignored (DESIGN §5): the page still shows what it
 * could read, and says what it left out.
 */
import { useLocation } from '../../state/location.ts';
import { dismissNotices, useUi } from '../../state/ui.ts';
import type { UrlNotice } from '../../state/url-params.ts';
import { Icon } from './icons.tsx';

export function UrlNotices({ notices }: { readonly notices: readonly UrlNotice[] }) {
  const search = useLocation((l) => l.search);
  const dismissed = useUi((s) => s.dismissedNotices.includes(search));
  if (notices.length === 0 || dismissed) return null;
  return (
    <div className="banner banner-warning" role="status" data-testid="url-notices">
      <Icon name="warning" />
      <div className="banner-text">
        <strong>Some link parameters were ignored.</strong>
        <ul>
          {notices.slice(0, 8).map((n) => (
            <li key={n.message}>{n.message}</li>
          ))}
          {notices.length > 8 && <li>… and {notices.length - 8} more.</li>}
        </ul>
      </div>
      <button
        type="button"
        className="icon-button"
        onClick={() => dismissNotices(search)}
        aria-label="Dismiss"
        title="Dismiss"
      >
        <Icon name="close" />
      </button>
    </div>
  );
}

import { traceHref } from '../../state/url.ts';
import { Link } from '../link.tsx';

export function DiffPage({ traceIdA, traceIdB }: { readonly traceIdA: string; readonly traceIdB: string }) {
  return (
    <div className="page page-message">
      <h1>Trace diff</h1>
      <p>The diff view is coming in a later version. Meanwhile, open the two traces side by side:</p>
      <ul>
        <li>
          A (baseline):{' '}
          <Link href={traceHref(traceIdA)} className="mono">
            {traceIdA}
          </Link>
        </li>
        <li>
          B (under study):{' '}
          <Link href={traceHref(traceIdB)} className="mono">
            {traceIdB}
          </Link>
        </li>
      </ul>
    </div>
  );
}

import { Link } from '../link.tsx';

export function NotFoundPage({ title, detail }: { readonly title: string; readonly detail: string }) {
  return (
    <div className="page page-message">
      <h1>{title}</h1>
      <p>
        <code className="mono">{detail.length > 120 ? `${detail.slice(0, 120)}…` : detail}</code>
      </p>
      <p>
        Trace ids are 32 hexadecimal digits (16 for 64-bit ids).{' '}
        <Link href="/">Back to the recent traces</Link>
      </p>
    </div>
  );
}

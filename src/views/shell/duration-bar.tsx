/** A duration as text beside a small bar showing its share of the largest one in the table. */
export function DurationBar({ fraction, text }: { readonly fraction: number; readonly text: string }) {
  const pct = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) * 100 : 0;
  return (
    <span className="duration-cell">
      <span className="duration-track" aria-hidden="true">
        <span className="duration-bar" style={{ width: `${pct}%` }} />
      </span>
      <span className="duration-text">{text}</span>
    </span>
  );
}

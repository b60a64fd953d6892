/**
 * The search's time range: any time, a preset (last 15 min … 7 d), or a start and end of one's
 * own (datetime inputs, local time; a range brushed on the plot shows here too).
 */
import { type FormEvent, useId, useState } from 'react';
import {
  fromLocalInput,
  isoSecond,
  presetStart,
  type RangeChoice,
  rangeChoiceOf,
  resolveRange,
  TIME_PRESETS,
  toLocalInput,
} from './time-range.ts';

interface Props {
  readonly start: string | null;
  readonly end: string | null;
  /** The moment the search ran: relative times are resolved against it. */
  readonly nowMs: number;
  readonly onChange: (start: string | null, end: string | null) => void;
}

export function TimeRangePicker({ start, end, nowMs, onChange }: Props) {
  const choice = rangeChoiceOf(start, end);
  const [editing, setEditing] = useState(false);
  const showInputs = editing || choice === 'custom';
  const resolved = resolveRange(start, end, nowMs);
  const initialFrom = toLocalInput(resolved.startMs ?? nowMs - 3_600_000);
  const initialTo = toLocalInput(resolved.endMs ?? nowMs);
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState(initialTo);
  const [shownFor, setShownFor] = useState(`${start}|${end}`);
  const [problem, setProblem] = useState<string | null>(null);
  // A new range in the URL (brushing, back/forward) resets the inputs to it.
  if (shownFor !== `${start}|${end}`) {
    setShownFor(`${start}|${end}`);
    setFrom(initialFrom);
    setTo(initialTo);
    setProblem(null);
    setEditing(false);
  }
  const id = useId();

  const pick = (value: RangeChoice) => {
    setProblem(null);
    if (value === 'custom') {
      setEditing(true);
      return;
    }
    setEditing(false);
    onChange(value === 'any' ? null : presetStart(value), null);
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const a = fromLocalInput(from);
    const b = fromLocalInput(to);
    if (a === null || b === null) return setProblem('Enter both a start and an end.');
    if (b <= a) return setProblem('The end must come after the start.');
    setProblem(null);
    onChange(isoSecond(a, 'down'), isoSecond(b, 'up'));
  };

  return (
    <fieldset className="time-range">
      <legend className="visually-hidden">Time range</legend>
      <label className="field">
        <span className="field-label">Time range</span>
        <select
          aria-label="Time range"
          value={showInputs ? 'custom' : choice}
          onChange={(e) => pick(e.target.value as RangeChoice)}
        >
          <option value="any">Any time</option>
          {TIME_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
      </label>
      {showInputs && (
        <form
          className="time-inputs"
          onSubmit={apply}
          aria-describedby={problem ? `${id}-problem` : undefined}
        >
          <label className="field">
            <span className="field-label">From</span>
            <input type="datetime-local" step="1" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label className="field">
            <span className="field-label">To</span>
            <input type="datetime-local" step="1" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <button type="submit" className="button">
            Apply
          </button>
          {problem && (
            <span id={`${id}-problem`} className="error-text" role="alert">
              {problem}
            </span>
          )}
        </form>
      )}
    </fieldset>
  );
}

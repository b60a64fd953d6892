/**
 * On a trace page: Pin (with an optional note) or, once pinned, Unpin. Only a trace of the local
 * store can be pinned: a trace still held as a local file gets its Pin once the store has it and its
 * address is `/trace/<id>`; one read from an external source has none.
 */
import { useCallback, useRef, useState } from 'react';
import { MAX_NOTE_CHARS, usePin, usePinTrace, useUnpinTrace } from '../../data/pins.ts';
import { showToast } from '../../state/ui.ts';
import { Icon } from '../shell/icons.tsx';
import { useDismiss } from '../shell/use-dismiss.ts';

interface Props {
  readonly traceId: string;
  /** Why it cannot be pinned (a local file not in the store yet), or null. */
  readonly notPinnable: string | null;
}

function NoteForm({ traceId, onDone }: { readonly traceId: string; readonly onDone: () => void }) {
  const [note, setNote] = useState('');
  const pin = usePinTrace();
  return (
    <form
      className="pin-form"
      aria-label="Pin this trace"
      onSubmit={(e) => {
        e.preventDefault();
        pin.mutate(
          { traceId, note },
          {
            onSuccess: () => {
              showToast('Pinned: this link outlives retention');
              onDone();
            },
          },
        );
      }}
    >
      <label>
        Note <span className="muted">(optional)</span>
        <textarea
          value={note}
          maxLength={MAX_NOTE_CHARS}
          rows={2}
          placeholder="Why this trace matters: the incident, the ticket…"
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
          }}
          // biome-ignore lint/a11y/noAutofocus: the form opens on the user's click to type the note
          autoFocus
        />
      </label>
      {pin.isError && <p className="error-text">{pin.error.message}</p>}
      <div className="pin-form-actions">
        <button type="submit" className="button button-primary button-small" disabled={pin.isPending}>
          Pin
        </button>
        <button type="button" className="button button-small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function PinControl({ traceId, notPinnable }: Props) {
  const pin = usePin(traceId, notPinnable === null);
  const unpin = useUnpinTrace();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, root, close);
  if (notPinnable !== null)
    return (
      <button type="button" className="button button-small" disabled title={notPinnable}>
        <Icon name="pin" size={14} /> Pin
      </button>
    );
  if (pin.data)
    return (
      <button
        type="button"
        className="button button-small pin-active"
        disabled={unpin.isPending}
        title="Unpin: retention may then delete this trace"
        onClick={() => unpin.mutate(traceId, { onSuccess: () => showToast('Unpinned') })}
      >
        <Icon name="pin" size={14} /> Unpin
      </button>
    );
  return (
    <div className="pin-control" ref={root}>
      <button
        type="button"
        className="button button-small"
        aria-expanded={open}
        disabled={pin.isPending}
        title="Keep this trace as a snapshot beyond retention, with a note"
        onClick={() => setOpen(!open)}
      >
        <Icon name="pin" size={14} /> Pin
      </button>
      {open && <NoteForm traceId={traceId} onDone={close} />}
    </div>
  );
}

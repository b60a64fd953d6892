/**
 * A toolbar button that opens a menu of actions (Export, Copy for incident): closed by Escape, a
 * pointer down outside, or choosing an item, which then runs.
 */
import { useCallback, useRef, useState } from 'react';
import { Icon, type IconName } from './icons.tsx';
import { useDismiss } from './use-dismiss.ts';

export interface MenuItem {
  readonly label: string;
  readonly run: () => void;
}

interface Props {
  readonly icon: IconName;
  readonly label: string;
  readonly title?: string;
  readonly disabled?: boolean;
  readonly items: readonly MenuItem[];
}

export function MenuButton({ icon, label, title, disabled = false, items }: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(
    open,
    root,
    useCallback(() => setOpen(false), []),
  );
  return (
    <div className="menu" ref={root}>
      <button
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled}
        onClick={() => setOpen(!open)}
        title={title}
      >
        <Icon name={icon} />
        <span>{label}</span>
      </button>
      {open && (
        <div className="menu-list" role="menu">
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                item.run();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/**
 * A real link (`<a href>`: middle click, copy address, open in a new tab all work) that navigates
 * inside the app with the History API on a plain left click.
 */
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from '../state/location.ts';

export interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  readonly href: string;
  readonly replace?: boolean;
}

export function isPlainClick(e: MouseEvent): boolean {
  return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
}

export function Link({ href, replace, onClick, ...rest }: LinkProps) {
  return (
    <a
      href={href}
      {...rest}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || !isPlainClick(e) || rest.target) return;
        e.preventDefault();
        navigate(href, { replace });
      }}
    />
  );
}

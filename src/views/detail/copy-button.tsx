import { useState } from 'react';
import { Icon } from '../shell/icons.tsx';
import { copyText } from '../trace/browser-io.ts';

export function CopyButton({ text, label = 'Copy' }: { readonly text: string; readonly label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={`copy-button ${copied ? 'copied' : ''}`}
      aria-label={label}
      title={copied ? 'Copied' : label}
      onClick={async () => {
        if (await copyText(text)) {
          setCopied(true);
          setTimeout(() => setCopied(false), 1200);
        }
      }}
    >
      <Icon name="copy" size={13} />
    </button>
  );
}

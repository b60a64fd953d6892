/**
 * "Copy for incident": a menu of the two variants of the page's chat message (Markdown, for chats
 * that render it; plain text, for those that do not), built when chosen and put on the clipboard.
 */
import type { IncidentText } from '../../core/share/incident-text.ts';
import { showToast } from '../../state/ui.ts';
import { MenuButton } from '../shell/menu-button.tsx';
import { copyText } from '../trace/browser-io.ts';

const VARIANTS: readonly [keyof IncidentText, string][] = [
  ['markdown', 'Markdown'],
  ['text', 'Plain text'],
];

async function copy(text: () => Promise<IncidentText>, variant: keyof IncidentText): Promise<void> {
  try {
    const ok = await copyText((await text())[variant]);
    showToast(ok ? 'Copied for the incident channel' : 'Copy failed', ok ? 'info' : 'error');
  } catch (e) {
    showToast(`Copy failed: ${(e as Error).message}`, 'error');
  }
}

export function IncidentMenu({ text }: { readonly text: (() => Promise<IncidentText>) | null }) {
  return (
    <MenuButton
      icon="copy"
      label="Copy for incident"
      title="Copy a summary with the link, for a chat message"
      disabled={!text}
      items={VARIANTS.map(([variant, label]) => ({
        label,
        run: () => {
          if (text) void copy(text, variant);
        },
      }))}
    />
  );
}

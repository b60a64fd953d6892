/**
 * Span names and values shown to a person: bidi controls (which reorder what follows them, so that
 * `invoice\u202Efdp.exe` reads "invoiceexe.pdf") and zero-width characters (which make two different
 * names look the same) are replaced by a visible mark naming them, `⟨U+202E⟩`, everywhere text is
 * drawn (canvas labels, the detail panel, the trace header, the accessible mirror).
 */

// U+061C ALM; U+200B–U+200F zero-width space/joiners, LRM, RLM; U+202A–U+202E embeddings and
// overrides; U+2060–U+2064 word joiner and invisible operators; U+2066–U+2069 isolates; U+FEFF.
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

export function revealInvisible(text: string): string {
  INVISIBLE.lastIndex = 0;
  if (!INVISIBLE.test(text)) return text;
  return text.replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

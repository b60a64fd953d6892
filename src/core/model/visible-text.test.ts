import { describe, expect, it } from 'vitest';
import { revealInvisible } from './visible-text.ts';

describe('revealInvisible', () => {
  it('names bidi controls and zero-width characters, and leaves other text as it is', () => {
    expect(revealInvisible('invoice\u202Efdp.exe')).toBe('invoice⟨U+202E⟩fdp.exe');
    expect(revealInvisible('pay\u200Bment\u200D\uFEFF')).toBe('pay⟨U+200B⟩ment⟨U+200D⟩⟨U+FEFF⟩');
    expect(revealInvisible('\u2066a\u2069 \u061C')).toBe('⟨U+2066⟩a⟨U+2069⟩ ⟨U+061C⟩');
    const plain = 'GET /api/users/{id} — ünïcødé 😀 עברית';
    expect(revealInvisible(plain)).toBe(plain);
    // The same result on every call (the pattern's state never leaks from one call to the next).
    expect(revealInvisible('a\u200Bb')).toBe(revealInvisible('a\u200Bb'));
  });
});

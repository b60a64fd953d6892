// The theme before the first paint (no light flash on a dark screen); the app keeps it in sync.
// An embed's `theme=` wins over the preference. A file of its own, not an inline script: the
// Content-Security-Policy allows no inline script (src/server/http/security-headers.ts).
try {
  const query = new URLSearchParams(location.search);
  const embed = query.get('embed') === '1' || query.get('embed') === 'true';
  const link = embed ? query.get('theme') : null;
  const pref = JSON.parse(localStorage.getItem('spanscope.preferences') || '{}').state?.theme;
  const dark =
    link === 'dark' ||
    (link !== 'light' &&
      (pref === 'dark' || (pref !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches)));
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
} catch {}

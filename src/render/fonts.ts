/** The canvas fonts of every view (one family, a few weights and sizes). */

export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const FONT_SERVICE = `600 12px ${FONT_FAMILY}`;
export const FONT_NAME = `12px ${FONT_FAMILY}`;
export const FONT_SMALL = `11px ${FONT_FAMILY}`;
export const FONT_AXIS_TITLE = `600 11px ${FONT_FAMILY}`;
export const FONT_MARKER = `700 10px ${FONT_FAMILY}`;

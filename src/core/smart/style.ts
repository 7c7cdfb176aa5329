/**
 * SMART App Launch styling: the EHR may send `smart_style_url`, a JSON document of style properties
 * (color_background, color_text, color_highlight, font_family_body, …). This picks the ones the app
 * can use and maps them to its CSS variables. Every value is checked against a strict grammar (a hex
 * or rgb() colour, a list of font family names), so nothing else can reach the style sheet, and
 * colours are taken only when text stays readable (WCAG AA, 4.5:1) on the result.
 */

/** The app's own colours, as CSS colours, for the contrast checks. */
export interface StyleBase {
  background: string;
  text: string;
  muted: string;
  /** Text on highlighted buttons. */
  accentText: string;
}

export interface EhrStyle {
  /** CSS custom property → value, ready for `style.setProperty`. */
  variables: Record<string, string>;
  /** Properties that were sent but not used, with why. */
  ignored: string[];
}

type Rgb = [number, number, number];

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const RGB = /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/i;
const QUOTED_FAMILY = /^(["'])[A-Za-z0-9 -]{1,60}\1$/;
const BARE_FAMILY = /^-?[A-Za-z][A-Za-z0-9-]*(?: [A-Za-z0-9-]+)*$/;
const AA = 4.5;

export function parseColor(value: string): Rgb | undefined {
  const text = value.trim();
  const hex = HEX.exec(text)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
  }
  const rgb = RGB.exec(text);
  if (rgb) {
    const channels = rgb.slice(1, 4).map(Number) as Rgb;
    return channels.every((c) => c <= 255) ? channels : undefined;
  }
  return undefined;
}

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** A comma-separated list of font family names, or undefined. A trailing `;` (seen in the spec's example) is dropped. */
export function parseFontFamily(value: string): string | undefined {
  const text = value.trim().replace(/;$/, '');
  if (text.length > 200) return undefined;
  const families = text.split(',').map((f) => f.trim());
  if (families.length > 10) return undefined;
  return families.every((f) => QUOTED_FAMILY.test(f) || BARE_FAMILY.test(f))
    ? families.join(', ')
    : undefined;
}

function hex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The CSS variables to set for an EHR's style document (untrusted JSON). */
export function ehrStyle(json: unknown, base: StyleBase): EhrStyle {
  const variables: Record<string, string> = {};
  const ignored: string[] = [];
  if (typeof json !== 'object' || json === null) return { variables, ignored: ['not a JSON object'] };
  const doc = json as Record<string, unknown>;
  const color = (key: string): Rgb | undefined => {
    const value = doc[key];
    if (value === undefined || value === '') return undefined;
    const parsed = typeof value === 'string' ? parseColor(value) : undefined;
    if (!parsed) ignored.push(`${key}: not a #hex or rgb() colour`);
    return parsed;
  };
  const own = {
    background: parseColor(base.background),
    text: parseColor(base.text),
    muted: parseColor(base.muted),
    accentText: parseColor(base.accentText),
  };

  const background = color('color_background');
  const text = color('color_text');
  let finalBackground = own.background;
  if (background || text) {
    const bg = background ?? own.background;
    const fg = text ?? own.text;
    const readable = bg && fg && own.muted && contrast(bg, fg) >= AA && contrast(bg, own.muted) >= AA;
    if (readable) {
      if (background) variables['--bg'] = hex(background);
      if (text) variables['--fg'] = hex(text);
      finalBackground = bg;
    } else {
      ignored.push('color_background / color_text: text would not be readable (contrast below 4.5:1)');
    }
  }
  const highlight = color('color_highlight');
  if (highlight) {
    const readable =
      finalBackground &&
      own.accentText &&
      contrast(highlight, finalBackground) >= AA &&
      contrast(highlight, own.accentText) >= AA;
    if (readable) variables['--accent'] = hex(highlight);
    else ignored.push('color_highlight: links or buttons would not be readable (contrast below 4.5:1)');
  }
  for (const [key, variable] of [
    ['font_family_body', '--font-body'],
    ['font_family_heading', '--font-heading'],
  ] as const) {
    const value = doc[key];
    if (value === undefined || value === '') continue;
    const family = typeof value === 'string' ? parseFontFamily(value) : undefined;
    if (family) variables[variable] = family;
    else ignored.push(`${key}: not a list of font family names`);
  }
  return { variables, ignored };
}

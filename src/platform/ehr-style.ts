/**
 * Honours the EHR's `smart_style_url` (optional in SMART): fetches the style document and sets the
 * CSS variables src/core/smart/style.ts accepts. A style that cannot be read leaves the app's own look.
 */
import { ehrStyle } from '../core/smart/style';

const TIMEOUT_MS = 5_000;

export async function applyEhrStyle(
  url: string,
  root: HTMLElement = document.documentElement,
): Promise<void> {
  let json: unknown;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('not an http(s) URL');
    // No credentials: the style is public, and sending cookies to it would gain nothing.
    const res = await fetch(parsed, { credentials: 'omit', signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!res.ok) throw new Error(`answered ${res.status}`);
    json = await res.json();
  } catch (err) {
    console.warn(
      `Common Ground: the EHR style ${url} could not be read (${String(err)}); keeping the app's own look.`,
    );
    return;
  }
  const own = getComputedStyle(root);
  const { variables, ignored } = ehrStyle(json, {
    background: own.getPropertyValue('--bg'),
    text: own.getPropertyValue('--fg'),
    muted: own.getPropertyValue('--muted'),
    accentText: own.getPropertyValue('--accent-fg'),
  });
  for (const [name, value] of Object.entries(variables)) root.style.setProperty(name, value);
  for (const reason of ignored) console.warn(`Common Ground: EHR style ${reason}; ignored.`);
}

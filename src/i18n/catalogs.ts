/**
 * Where each language's catalogs come from on the app page, a chunk each, fetched on first use. The
 * first screen's words (connecting, problem pages, banner, problems, goals, record panels, language
 * switch) are their own small chunk, the same one the launch page reads, so it is usually cached by
 * the time the app page asks; the screens' words (voice, workspace, prompts, measure, e-visits) are a
 * second chunk, read right after and awaited by the screens that use them (./load.ts).
 */
import type { Catalog } from './instance';
import type { Language } from './language';

export type { Catalog };

type Loader = () => Promise<{ default: Catalog }>;

/** The first screen's words. */
export const CATALOGS: Record<Language, Loader> = {
  en: () => import('./en.json'),
  es: () => import('./es.json'),
};

/** Every other screen's words. */
export const SCREEN_CATALOGS: Record<Language, Loader> = {
  en: () => import('./screens.en'),
  es: () => import('./screens.es'),
};

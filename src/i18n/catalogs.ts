/** Where each language's catalogs come from on the app page: a chunk each, fetched on first use. */
import type { Language } from './language';

export type Catalog = Record<string, unknown>;

export const CATALOGS: Record<Language, () => Promise<{ default: Catalog }>> = {
  en: () => import('./catalog.en'),
  es: () => import('./catalog.es'),
};

/**
 * The launch page's words: it shows a status line or a problem page, with `{{name}}` values and
 * nothing else (no plurals, no grammar), so it reads only the first screen's catalog of its language
 * (the chunk the app page reads first too) through the translator's own lookup, without the rest of
 * the translator, and keeps the hop to the authorization server light.
 */
import { CATALOGS } from '../i18n/catalogs';
import { interpolate, lookup, type Catalog } from '../i18n/instance';
import { browserLanguage, chosenLanguage, type Language } from '../i18n/language';

/** The part of the app's `t` the launch screens use; the app's `t` fits it too. */
export type Translate = (key: string, values?: Record<string, string>) => string;

/** Looks a dotted key up; an unknown key shows as itself rather than as nothing. */
export function translator(catalog: Catalog): Translate {
  return (key, values = {}) => {
    const text = lookup(catalog, key.split('.'));
    return text === undefined ? key : interpolate(text, values);
  };
}

export async function launchWords(
  lng: Language = chosenLanguage() ?? browserLanguage(),
): Promise<{ lang: Language; t: Translate }> {
  try {
    return { lang: lng, t: translator((await CATALOGS[lng]()).default) };
  } catch (err) {
    // The page's own language failed to arrive; English is the one every catalog is checked against.
    if (lng === 'en') throw err;
    return { lang: 'en', t: translator((await CATALOGS.en()).default) };
  }
}

/**
 * The locale numbers are written in. Spanish here is US Spanish, which writes numbers as US English
 * does (1,000 and 27.1 %): Spain's "1.000" and "27,1" read to a US reader as 1 and 271, and one
 * screen must not mix the two with the "102.2 °F" of its own sentences.
 */
export function numberLocale(lang: string): string {
  return lang.startsWith('es') ? 'es-US' : 'en-US';
}

/** A number as the language writes it, e.g. 37.8 or 1,000. */
export function formatNumber(n: number, lang: string, options?: Intl.NumberFormatOptions): string {
  return n.toLocaleString(numberLocale(lang), options);
}

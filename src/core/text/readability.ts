/**
 * Flesch–Kincaid grade level, to keep patient-facing words near a 6th-grade reading level
 * (PRODUCT.md: plain language). English only; syllables are counted by vowel groups, which is the
 * usual approximation and close enough to flag a hard sentence.
 */

export function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (!w) return 0;
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 1);
}

export interface Readability {
  words: number;
  sentences: number;
  syllables: number;
  /** 0.39 × words/sentence + 11.8 × syllables/word − 15.59 */
  grade: number;
}

/** Placeholders like {{count}} and stray punctuation are not words. */
function wordsOf(text: string): string[] {
  return text
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}'’-]/gu, ''))
    .filter((w) => /\p{L}/u.test(w));
}

export function readability(texts: readonly string[]): Readability {
  let words = 0;
  let sentences = 0;
  let syl = 0;
  for (const text of texts) {
    const ws = wordsOf(text);
    if (ws.length === 0) continue;
    words += ws.length;
    sentences += Math.max(1, (text.match(/[.!?…]+(\s|$)/g) ?? []).length);
    for (const w of ws) syl += syllables(w);
  }
  const grade = words === 0 ? 0 : 0.39 * (words / sentences) + 11.8 * (syl / words) - 15.59;
  return { words, sentences, syllables: syl, grade: Math.round(grade * 10) / 10 };
}

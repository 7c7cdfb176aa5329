import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVISIT_QUESTIONNAIRES } from '../../src/core/evisit';
import { readability } from '../../src/core/text/readability';

const strings = (o: unknown): string[] =>
  typeof o === 'string' ? [o] : o && typeof o === 'object' ? Object.values(o).flatMap(strings) : [];

// Every e-visit catalog string is patient-facing. §12's red-flag wording is kept as written (issue
// 11: where it is harder, §12 wins), so only the app's own questions (the basics) are graded here.
describe('e-visit words stay near a 6th-grade reading level', () => {
  const catalog = strings(JSON.parse(readFileSync('src/i18n/evisit.en.json', 'utf8')));
  const basics = Object.values(EVISIT_QUESTIONNAIRES)
    .flatMap((q) => q.item ?? [])
    .filter((i) => !/^(uri|lbp)-/.test(i.linkId))
    .flatMap((i) => [i.text ?? '', ...(i.answerOption ?? []).map((o) => o.valueCoding?.display ?? '')]);

  it.each([
    ['evisit.en.json', catalog],
    ['the basic questions', basics],
  ])('%s as a whole is at grade 6 or below', (_name, texts) => {
    expect(readability(texts).grade).toBeLessThanOrEqual(6);
  });

  it('no sentence above grade 8', () => {
    const hard = [...catalog, ...basics]
      .filter((t) => t.split(/\s+/).length >= 8)
      .map((t) => ({ t, grade: readability([t]).grade }))
      .filter((x) => x.grade > 8);
    expect(hard).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readability, syllables } from '../../src/core/text/readability';

const strings = (o: unknown): string[] =>
  typeof o === 'string' ? [o] : o && typeof o === 'object' ? Object.values(o).flatMap(strings) : [];
const catalog = (file: string) =>
  JSON.parse(readFileSync(`src/i18n/${file}`, 'utf8')) as Record<string, unknown>;

describe('readability arithmetic', () => {
  it('counts syllables by vowel groups', () => {
    expect(['care', 'doctor', 'medicine', 'comfortable', 'test'].map(syllables)).toEqual([1, 2, 3, 4, 1]);
  });

  it('grades a hard sentence above an easy one', () => {
    const easy = readability(['You can change it until your visit.']).grade;
    const hard = readability([
      'Pharmacological de-intensification necessitates comprehensive individualized consideration of comorbidities.',
    ]).grade;
    expect(easy).toBeLessThan(6);
    expect(hard).toBeGreaterThan(12);
  });
});

describe('patient-facing words stay near a 6th-grade reading level', () => {
  const en = catalog('en.json');
  const patientFacing: Record<string, string[]> = {
    'voice.en.json': strings(catalog('voice.en.json')),
    // The survey's own items are the instrument's, unmodified by licence; these are the app's words around them.
    'measure.en.json patient': [
      ...strings(catalog('measure.en.json').survey),
      ...strings(catalog('measure.en.json').followUp),
    ],
    'en.json problem pages': strings(en.problem),
    'en.json patient panels': [
      ...strings((en.problems as Record<string, unknown>).emptyPatient),
      ...strings((en.goals as Record<string, unknown>).emptyPatient),
      ...strings(en.panel),
      ...strings(en.readOnly),
    ],
  };

  it.each(Object.entries(patientFacing))('%s as a whole is at grade 6 or below', (_name, texts) => {
    expect(readability(texts).grade).toBeLessThanOrEqual(6);
  });

  it.each(Object.entries(patientFacing))('%s has no sentence above grade 8', (_name, texts) => {
    const hard = texts
      .filter((t) => t.split(/\s+/).length >= 8)
      .map((t) => ({ t, grade: readability([t]).grade }))
      .filter((x) => x.grade > 8);
    expect(hard).toEqual([]);
  });
});

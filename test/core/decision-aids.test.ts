/**
 * The decision aids' numbers against their one source. `fixtures/decision-aids.md` is a verbatim
 * copy of clinical/decision-aids.md (compiled 2026-12 for Common Ground, the project's own
 * document), kept here so the test runs offline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CarePlan } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  AIDS,
  aidById,
  aidsForRule,
  drawnOutcomes,
  isDrawable,
  presentAid,
  RULES_WITH_AIDS,
  aidsForPlan,
  type DecisionAid,
} from '../../src/core/aids';
import { CG_DECISION_AID, DECISION_AID_SHOWN_EXT } from '../../src/core/fhir/vocabulary';
import {
  aidsShown,
  carePlanView,
  mergeSharedPlan,
  planContent,
  planNarrative,
  promptsInPlan,
  withAidShown,
} from '../../src/core/plan';
import { RULE_IDS } from '../../src/core/prompts';
import { readability } from '../../src/core/text/readability';

const DOC = readFileSync(join(__dirname, 'fixtures/decision-aids.md'), 'utf8');

/** The document's section for an aid: from its `## N.` heading to the next `## `. */
function section(aid: DecisionAid): string {
  const n = aid.section.replace('§', '');
  const start = DOC.indexOf(`\n## ${n}. `);
  expect(start, aid.section).toBeGreaterThan(0);
  const end = DOC.indexOf('\n## ', start + 4);
  return DOC.slice(start, end < 0 ? undefined : end);
}

const drawn = AIDS.flatMap((aid) =>
  drawnOutcomes(aid).flatMap((o) => (o.arms ?? []).map((arm) => ({ aid, outcome: o, arm }))),
);

describe('every number drawn comes from the document, with its status', () => {
  it('draws figures for the aids whose document section has counts over a stated time', () => {
    const withFigures = AIDS.filter((a) => drawnOutcomes(a).length > 0).map((a) => a.id);
    expect(withFigures).toEqual([
      'statin-secondary',
      'antiplatelet-stroke',
      'colorectal-screening',
      'bp-intensive',
      'advance-care-planning',
    ]);
  });

  it.each(drawn.map((d) => [`${d.aid.id} ${d.outcome.id} ${d.arm.option ?? ''}`, d] as const))(
    '%s',
    (_name, { aid, outcome, arm }) => {
      const text = section(aid);
      // The figure as the document writes it, starting a table cell of the aid's own section, on a
      // row marked VERIFIED (or in a section whose heading marks the whole table VERIFIED).
      const heading = text.split('\n')[1] ?? '';
      const rows = text
        .split('\n')
        .filter((line) => line.split('|').some((cell) => cell.trim().startsWith(arm.asWritten)));
      expect(rows, arm.asWritten).not.toEqual([]);
      expect(rows.some((row) => `${row} ${heading}`.includes('**V**'))).toBe(true);
      if (arm.status === 'DERIVED') expect(arm.basis).toBe('VERIFIED');
      else expect(arm.status).toBe('VERIFIED');
      // The count is that figure per 100 or per 1,000 (a percentage × 10 for 1,000 figures).
      const asNumber = arm.per === 1000 ? [arm.count, arm.count / 10] : [arm.count];
      expect(asNumber.some((n) => arm.asWritten.includes(String(n).replace(/\B(?=(\d{3})+$)/g, ',')))).toBe(
        true,
      );
      // The sentence states that same count, with the outcome's time frame.
      expect(arm.sentence.en).toContain(String(arm.count));
      expect(arm.sentence.es).toContain(String(arm.count));
      expect(outcome.timeFrame).toBeDefined();
      expect(arm.count).toBeLessThanOrEqual(arm.per);
    },
  );

  it("keeps each aid's plain-language line exactly as the document writes it", () => {
    for (const aid of AIDS) expect(section(aid), aid.id).toContain(`"${aid.plain.en}"`);
  });

  it('draws no SECONDARY, per-year, relative, standardised or superseded number', () => {
    for (const aid of AIDS)
      for (const o of aid.outcomes) {
        const weak =
          o.status === 'SECONDARY' || o.basis === 'SECONDARY' || o.shape !== 'count' || o.superseded === true;
        if (weak) expect(isDrawable(o), `${aid.id} ${o.id}`).toBe(false);
      }
    // The cases the document singles out.
    expect(drawnOutcomes(aidById('psa-70')!)).toEqual([]);
    expect(drawnOutcomes(aidById('hba1c-intensive')!)).toEqual([]);
    expect(drawnOutcomes(aidById('sleeping-pills')!)).toEqual([]);
    expect(drawnOutcomes(aidById('back-imaging')!)).toEqual([]);
    expect(drawnOutcomes(aidById('antibiotics-bronchitis')!).map((o) => o.id)).toEqual([]);
    const statin = presentAid(aidById('statin-secondary')!, { lang: 'en', audience: 'clinician' });
    expect(statin.figures.map((f) => f.outcome)).toEqual(['major-vascular-events']);
    expect(statin.text.map((t) => t.outcome)).toContain('muscle-symptoms-year-1');
  });

  it('an outcome that would be drawn stops being drawn when its status is SECONDARY', () => {
    const o = aidById('statin-secondary')!.outcomes[0]!;
    expect(isDrawable(o)).toBe(true);
    expect(isDrawable({ ...o, status: 'SECONDARY' })).toBe(false);
    expect(isDrawable({ ...o, shape: 'rate-per-year' })).toBe(false);
    expect(
      isDrawable({ ...o, arms: o.arms!.map((a) => ({ ...a, status: 'DERIVED', basis: 'SECONDARY' })) }),
    ).toBe(false);
  });
});

describe('which prompt has which aid', () => {
  it('offers an aid on exactly the rules that have one (the light list the screens load first)', () => {
    expect([...RULES_WITH_AIDS].sort()).toEqual([...new Set(AIDS.flatMap((a) => a.rules))].sort());
  });

  it('links every decision the issue names to its rule', () => {
    const byRule = Object.fromEntries(RULE_IDS.map((r) => [r, aidsForRule(r).map((a) => a.id)]));
    expect(byRule).toMatchObject({
      R1: ['statin-secondary'],
      R2: ['antiplatelet-stroke'],
      R4: ['hba1c-intensive'],
      R5: ['bp-intensive'],
      R6: ['back-imaging'],
      R7: ['antibiotics-bronchitis'],
      R8a: ['colorectal-screening'],
      R8b: ['colorectal-screening'],
      R9a: ['psa-70'],
      R9b: ['sleeping-pills'],
      R10: ['advance-care-planning'],
      'R2-safety': [],
      R3: [],
    });
  });
});

describe('sentences, in English and Spanish', () => {
  it("names the statin figure with the document's sentence", () => {
    const [fig] = presentAid(aidById('statin-secondary')!, {
      lang: 'en',
      audience: 'patient',
      age: 66,
    }).figures;
    expect(fig!.arms[0]!.name).toBe(
      'If 100 people with heart disease take a statin for 5 years, about 10 of them will avoid a heart attack, stroke or artery operation.',
    );
    const [es] = presentAid(aidById('statin-secondary')!, { lang: 'es', audience: 'patient' }).figures;
    expect(es!.arms[0]!.name).toMatch(
      /^Si 100 personas con enfermedad del corazón toman una estatina durante 5 años, unas 10/,
    );
    expect(es!.citation).toBe('Collins et al., Lancet 2016;388:2532 (Summary)');
  });

  it('puts FIT beside colonoscopy, each with its own count and option', () => {
    const view = presentAid(aidById('colorectal-screening')!, { lang: 'en', audience: 'clinician', age: 60 });
    const harms = view.figures.find((f) => f.outcome === 'serious-harms')!;
    expect(harms.arms.map((a) => [a.optionLabel, a.per, a.count])).toEqual([
      ['One colonoscopy', 1000, 5],
      ['Stool test (FIT)', 1000, 3],
    ]);
    expect(harms.mark).toBe('harmed');
    expect(view.ageNote).toBeUndefined();
  });

  it('says in the same sentence when the numbers are for another age group', () => {
    const en = presentAid(aidById('psa-70')!, { lang: 'en', audience: 'patient', age: 72 });
    expect(en.plain).toBe(
      'If 1,000 men aged 55 to 69 get PSA tests for 13 years, about 1 fewer dies of prostate cancer, but 50 get sex problems and 15 leak urine from treatment; these numbers are for men aged 55 to 69, and you are 72.',
    );
    const es = presentAid(aidById('psa-70')!, { lang: 'es', audience: 'clinician', age: 72 });
    expect(es.plain).toMatch(/; estas cifras son de hombres de 55 a 69 años, y esta persona tiene 72\.$/);
    const crc = presentAid(aidById('colorectal-screening')!, { lang: 'en', audience: 'clinician', age: 82 });
    expect(crc.figures[0]!.arms[0]!.name).toBe(
      'If 1,000 people aged 50 to 79 have one colonoscopy, 6 fewer die of colon cancer over 15 years; these numbers are for people aged 50 to 79, and this patient is 82.',
    );
    // SPRINT's harms are for everyone from 50: no mismatch for someone of 78, though the aid is for 75+.
    const bp = presentAid(aidById('bp-intensive')!, { lang: 'en', audience: 'clinician', age: 78 });
    expect(bp.figures.find((f) => f.outcome === 'sprint-kidney')!.arms[0]!.name).not.toContain(
      'these numbers',
    );
    expect(bp.figures.find((f) => f.outcome === 'step-events')!.arms[0]!.name).not.toContain('these numbers');
    expect(
      presentAid(aidById('bp-intensive')!, { lang: 'en', audience: 'clinician', age: 82 }).figures.find(
        (f) => f.outcome === 'step-events',
      )!.arms[0]!.name,
    ).toContain('these numbers are for people aged 60 to 80, and this patient is 82');
  });

  it('says "no reliable number is available" where the document found none, and "reported by" for SECONDARY', () => {
    const en = presentAid(aidById('psa-70')!, { lang: 'en', audience: 'clinician' });
    expect(en.notFound).toEqual(['Numbers for men aged 70 or over: no reliable number is available.']);
    expect(en.text.every((t) => t.secondary === t.citation.includes('reported by'))).toBe(true);
    expect(en.text.find((t) => t.outcome === 'psa-harms')!.citation).toContain(
      'reported by a verbatim extraction in a public repository',
    );
    const es = presentAid(aidById('psa-70')!, { lang: 'es', audience: 'clinician' });
    expect(es.notFound).toEqual(['Cifras para hombres de 70 años o más: no hay ninguna cifra fiable.']);
    expect(es.text.find((t) => t.outcome === 'psa-harms')!.citation).toContain('según');
  });

  it('has every sentence in both languages', () => {
    const walk = (v: unknown, path: string): string[] => {
      if (v && typeof v === 'object' && 'en' in v && 'es' in v) {
        const w = v as { en: string; es: string };
        return w.en.trim() && w.es.trim() && w.en !== w.es ? [] : [path];
      }
      if (Array.isArray(v)) return v.flatMap((x, i) => walk(x, `${path}[${i}]`));
      if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => walk(x, `${path}.${k}`));
      return [];
    };
    expect(walk(AIDS, 'AIDS')).toEqual([]);
  });

  // The figures' sentences are the document's own plain-language wording and are not rewritten;
  // the words the app adds around them are held to the patient-facing level.
  it("keeps the app's own words in the aids near a 6th-grade level", () => {
    const patientWords = AIDS.flatMap((a) => [
      a.title.en,
      a.population.en,
      ...a.options.map((o) => o.label.en),
      ...a.caveats.map((c) => c.en),
      ...a.notFound.map((c) => c.en),
      ...drawnOutcomes(a).flatMap((o) => [o.label.en, o.rest?.en ?? '', o.timeFrame?.en ?? '']),
    ]).filter(Boolean);
    expect(readability(patientWords).grade).toBeLessThanOrEqual(6);
  });
});

describe('the shared plan records which aid was shown', () => {
  const plan: CarePlan = {
    resourceType: 'CarePlan',
    status: 'active',
    intent: 'plan',
    subject: { reference: 'Patient/p1' },
    note: [{ authorReference: { reference: 'Practitioner/dr' }, time: '2026-12-01', text: 'We talked.' }],
  };
  const words = { shown: (title: string) => `Decision aid shown: ${title}` };
  const shown = withAidShown(plan, { id: 'statin-secondary', title: 'A statin', date: '2026-12-01' }, words);

  it('as a note naming the aid, with the decision-aid-shown coding', () => {
    expect(shown.note?.[1]).toEqual({
      time: '2026-12-01',
      text: 'Decision aid shown: A statin',
      extension: [
        {
          url: DECISION_AID_SHOWN_EXT,
          valueCoding: { system: CG_DECISION_AID, code: 'statin-secondary', display: 'A statin' },
        },
      ],
    });
    expect(aidsShown(shown)).toEqual(['statin-secondary']);
    expect(planNarrative(shown)).toContain('We talked.');
  });

  it('once per aid and day: showing it again writes nothing', () => {
    const again = withAidShown(
      shown,
      { id: 'statin-secondary', title: 'A statin', date: '2026-12-01' },
      words,
    );
    expect(again).toBe(shown);
  });

  it("is never taken for the clinician's summary or shown as a note", () => {
    expect(planContent(shown, { clinician: 'Practitioner/dr', today: '2026-12-01' }).summary).toBe(
      'We talked.',
    );
    expect(carePlanView(shown, []).notes).toEqual(['We talked.']);
  });

  it('survives a merge with another writer who recorded another aid', () => {
    const theirs = withAidShown(
      plan,
      { id: 'colorectal-screening', title: 'Colon', date: '2026-12-01' },
      words,
    );
    const merged = mergeSharedPlan(plan, shown, theirs);
    expect(merged.conflicts).toEqual([]);
    expect(aidsShown(merged.merged).sort()).toEqual(['colorectal-screening', 'statin-secondary']);
  });

  it('lists the prompts the plan holds a decision for', () => {
    const withDecision: CarePlan = {
      ...plan,
      activity: [
        {
          extension: [
            {
              url: 'https://common-ground.example/fhir/StructureDefinition/careplan-activity-key',
              valueString: 'prompt:R1',
            },
          ],
          detail: { status: 'not-started', description: 'Start a statin' },
        },
      ],
    };
    expect(promptsInPlan(withDecision)).toEqual(['R1']);
    // The aids the plan was discussed with: recorded ones first, then the decided prompts', once.
    const both = withAidShown(withDecision, { id: 'psa-70', title: 'PSA', date: '2026-12-01' }, words);
    expect(aidsForPlan(both).map((a) => a.id)).toEqual(['psa-70', 'statin-secondary']);
  });
});

describe('the aids’ numbers read the same in both languages', () => {
  /** Every { en, es } text the aids hold. */
  function pairs(v: unknown, out: [string, string][] = []): [string, string][] {
    if (Array.isArray(v)) v.forEach((x) => pairs(x, out));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.en === 'string' && typeof o.es === 'string') out.push([o.en, o.es]);
      Object.values(o).forEach((x) => pairs(x, out));
    }
    return out;
  }
  // "year 1" is "el primer año": the one number a language says in words.
  const numbers = (s: string) =>
    (s.replace(/\byear 1\b/g, 'first year').match(/\d+(?:[.,]\d+)*/g) ?? []).sort();

  it('writes every number of the Spanish as the English writes it (US Spanish: 1,000 and 27.1)', () => {
    const all = pairs(AIDS);
    expect(all.length).toBeGreaterThan(100);
    const differ = all.filter(([en, es]) => numbers(en).join(' ') !== numbers(es).join(' '));
    expect(differ).toEqual([]);
  });
});

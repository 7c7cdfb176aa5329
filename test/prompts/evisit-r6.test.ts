import type { QuestionnaireResponseItemAnswer } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { buildRedFlagObservations, EVISIT_QUESTIONNAIRES, routeOfAnswers } from '../../src/core/evisit';
import { evaluate, patientResources } from './helpers';

function redFlagObservations(linkId: string, authored: string) {
  const answers = new Map<string, QuestionnaireResponseItemAnswer[]>([[linkId, [{ valueBoolean: true }]]]);
  const { flags } = routeOfAnswers(answers);
  return buildRedFlagObservations({
    qr: { resourceType: 'QuestionnaireResponse', id: 'qr1', status: 'completed' },
    questionnaire: EVISIT_QUESTIONNAIRES.lbp,
    flags,
    answers,
    patientId: 'r6-pos-icd',
    ids: {
      [linkId]: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:00000000-0000-4000-8000-000000000001' },
    },
    authored,
  }).map((o, i) => ({ ...o, id: `flag-${i}` }));
}

describe('R6 reads e-visit red flags as exclusions (§R6, §12.2)', () => {
  it('an lbp red flag answered yes in the 42 days before the imaging order silences R6', () => {
    const record = patientResources('r6-pos-icd');
    expect(evaluate(record).prompts.map((p) => p.rule)).toContain('R6');
    const withFlag = [...record, ...redFlagObservations('lbp-3', '2026-06-20T10:00:00Z')];
    expect(evaluate(withFlag).prompts.map((p) => p.rule)).not.toContain('R6');
  });

  it('a flag older than 42 days before the order does not', () => {
    const record = [
      ...patientResources('r6-pos-icd'),
      ...redFlagObservations('lbp-5', '2026-04-01T10:00:00Z'),
    ];
    expect(evaluate(record).prompts.map((p) => p.rule)).toContain('R6');
  });
});

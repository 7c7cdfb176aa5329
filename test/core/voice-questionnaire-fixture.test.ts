import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENDA_QUESTIONNAIRE } from '../../src/core/voice/agenda';

describe('the agenda Questionnaire the sandbox serves', () => {
  it('is the one the app ships (so QuestionnaireResponse.questionnaire resolves on the sandbox)', () => {
    const bundle = JSON.parse(readFileSync('fhir-fixtures/definitions/questionnaires.json', 'utf8')) as {
      entry: { resource: unknown }[];
    };
    expect(bundle.entry.map((e) => e.resource)).toContainEqual(AGENDA_QUESTIONNAIRE);
  });
});

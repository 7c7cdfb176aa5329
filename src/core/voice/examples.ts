/**
 * The examples a patient may start from when saying what matters (value-care-rules.md §11.2), kept
 * apart from the codes in `./vocabulary` because only the screen where a priority is added needs
 * them: the first screen reads the codes, and a module's every used export ships in one chunk.
 */
import type { CarePreference, GoalDomain } from './vocabulary';

export interface VoiceExample {
  /** Also the message key `voice.examples.<id>` and the code in CG_WHAT_MATTERS_EXAMPLE. */
  id: string;
  kind: 'value' | 'outcome-goal' | 'care';
  /** English display written next to the patient's words in `description.coding`. */
  display: string;
  domain?: GoalDomain;
  preference?: CarePreference;
}

/**
 * Plain-language examples from Patient Priorities Care's health priorities template (values,
 * outcome goals, healthcare preferences), each mapped to a PCO goal domain. Care examples carry
 * the care-preference code instead; whether it helps or burdens is the patient's choice.
 */
export const EXAMPLES: readonly VoiceExample[] = [
  { id: 'family', kind: 'value', display: 'Time with my family', domain: 'social-functioning' },
  { id: 'own-home', kind: 'value', display: 'Living in my own home', domain: 'independence' },
  { id: 'faith', kind: 'value', display: 'My faith and my community', domain: 'social-functioning' },
  { id: 'work', kind: 'value', display: 'Working or volunteering', domain: 'social-functioning' },
  { id: 'no-pain', kind: 'value', display: 'Feeling comfortable, without pain', domain: 'physical-function' },
  { id: 'mind', kind: 'value', display: 'Keeping my mind sharp', domain: 'emotional-and-mental-health' },
  {
    id: 'walk',
    kind: 'outcome-goal',
    display: 'Walk to the store or to church',
    domain: 'physical-function',
  },
  {
    id: 'grandchildren',
    kind: 'outcome-goal',
    display: 'Play with my grandchildren',
    domain: 'social-functioning',
  },
  { id: 'drive', kind: 'outcome-goal', display: 'Keep driving', domain: 'independence' },
  {
    id: 'sleep',
    kind: 'outcome-goal',
    display: 'Sleep through the night',
    domain: 'improving-health-and-wellness',
  },
  { id: 'garden', kind: 'outcome-goal', display: 'Work in my garden', domain: 'physical-function' },
  { id: 'travel', kind: 'outcome-goal', display: 'Travel to see my family', domain: 'social-functioning' },
  { id: 'more-medications', kind: 'care', display: 'Taking more pills', preference: 'more-medications' },
  { id: 'more-tests', kind: 'care', display: 'More blood tests or scans', preference: 'more-tests' },
  { id: 'more-visits', kind: 'care', display: 'More visits to the doctor', preference: 'more-visits' },
  { id: 'hospital-stays', kind: 'care', display: 'Staying in the hospital', preference: 'hospital-stays' },
  { id: 'procedures', kind: 'care', display: 'Surgery or other procedures', preference: 'procedures' },
  {
    id: 'self-management-tasks',
    kind: 'care',
    display: 'Things to do at home, like checking my blood sugar',
    preference: 'self-management-tasks',
  },
  {
    id: 'comfort-over-longevity',
    kind: 'care',
    display: 'Care that keeps me comfortable, even if I may not live as long',
    preference: 'comfort-over-longevity',
  },
];

export function exampleById(id: string | undefined): VoiceExample | undefined {
  return EXAMPLES.find((e) => e.id === id);
}

/**
 * The stewardship check behind OrderStewardship: the rule engine on the record plus the order the
 * clinician intends (src/core/evisit/stewardship.ts), and the clinician's decision on each prompt,
 * recorded the way the visit workspace records it (usePromptDecisions → the shared care plan,
 * through the one write runtime).
 *
 * The evaluation runs only when what it reads changes — the proposal's content, the diagnosis, the
 * record apart from its care plans, the day — never because a parent re-rendered with a new object
 * of the same order, or because a decision landed in the care plan. Both mattered: a decline is
 * written into the shared plan, which silences the prompt (§R0 12 months), so re-evaluating on it
 * would take the card away as the decision is saved, and an evaluation keyed on object identity
 * re-ran on every render of the review screen.
 */
import type { CarePlan, Condition, FhirResource, Resource } from 'fhir/r4';
import { useEffect, useRef, useState } from 'react';
import type { Proposal } from '../../core/evisit/stewardship';
import { clinicianOf } from '../../core/fhir/references';
import type { OverrideReasonCode, Prompt, RuleId } from '../../core/prompts';
import type { CodeSets } from '../../core/prompts/codes';
import { describeEvidence, evidenceLookup } from '../../core/prompts/evidence';
import type { PromptDecisions } from '../../prompts/PromptCards';
import { usePromptDecisions } from '../../prompts/usePromptDecisions';
import { localDay } from '../../ui/format';
import type { RecordProps } from '../../ui/RecordContext';
import type { RecordView } from '../../ui/useRecord';

export type StewardshipState =
  | { kind: 'none' }
  | { kind: 'pending' }
  | { kind: 'accepted' }
  | { kind: 'declined'; reasonCode: string; note?: string };

export type StewardshipEvaluation =
  | { status: 'idle' }
  | { status: 'waiting' }
  | { status: 'ready'; prompts: Prompt[]; codes: CodeSets }
  | { status: 'failed'; message: string };

export type Decision =
  { kind: 'accepted' } | { kind: 'declined'; reasonCode: OverrideReasonCode; note?: string };

let codeSets: Promise<CodeSets> | undefined;

/** The ~17,600 codes, loaded and compiled once per page (a separate chunk, as for the workspace). */
function loadCodes(): Promise<CodeSets> {
  codeSets ??= Promise.all([
    import('../../core/prompts/codes'),
    import('../../core/prompts/codes.generated.json'),
  ])
    .then(([m, json]) => m.loadCodeSets(json.default as unknown as Parameters<typeof m.loadCodeSets>[0]))
    .catch((err: unknown) => {
      codeSets = undefined;
      throw err;
    });
  return codeSets;
}

const allResources = (panels: RecordView): FhirResource[] =>
  Object.values(panels).flatMap((p) => (p?.status === 'ready' ? p.resources : []));

/** What the review screen is told: nothing to decide, a decision due, or the decision made. */
export function stewardshipState(
  evaluation: StewardshipEvaluation,
  decided: ReadonlyMap<RuleId, Decision>,
): StewardshipState {
  if (evaluation.status === 'idle') return { kind: 'none' };
  if (evaluation.status !== 'ready') return { kind: 'pending' };
  if (evaluation.prompts.length === 0) return { kind: 'none' };
  const decisions = evaluation.prompts.map((p) => decided.get(p.rule));
  if (decisions.some((d) => d === undefined)) return { kind: 'pending' };
  const declined = decisions.find((d) => d?.kind === 'declined');
  if (declined?.kind === 'declined')
    return {
      kind: 'declined',
      reasonCode: declined.reasonCode,
      ...(declined.note ? { note: declined.note } : {}),
    };
  return { kind: 'accepted' };
}

export function useOrderStewardship(
  record: RecordProps,
  proposal: Proposal | undefined,
  diagnosis: Condition | undefined,
): {
  evaluation: StewardshipEvaluation;
  state: StewardshipState;
  /** The decisions made in this review, by rule. */
  decided: ReadonlyMap<RuleId, Decision>;
  decisions: PromptDecisions;
  retry: () => void;
} {
  const { panels, session, today } = record;
  const states = Object.values(panels);
  const settled = states.length > 0 && states.every((p) => p?.status !== 'loading');
  const day = localDay(today);
  const proposalKey = proposal ? JSON.stringify(proposal) : '';
  const diagnosisKey = diagnosis ? JSON.stringify(diagnosis) : '';
  const recordKey = settled
    ? allResources(panels)
        .filter((r) => r.resourceType !== 'CarePlan')
        .map((r) => `${r.resourceType}/${r.id ?? ''}/${r.meta?.versionId ?? ''}`)
        .join(',')
    : '';
  const [attempt, setAttempt] = useState(0);
  const key = `${day}|${attempt}|${recordKey}|${diagnosisKey}|${proposalKey}`;

  const latest = useRef({ panels, proposal, diagnosis });
  latest.current = { panels, proposal, diagnosis };
  // The care plans as they were when the review first evaluated an order: earlier decisions count
  // (a decline within 12 months silences the prompt), the ones made in this review do not.
  const plansAtOpen = useRef<CarePlan[] | undefined>(undefined);
  const [result, setResult] = useState<{ key: string; evaluation: StewardshipEvaluation }>();
  const [decided, setDecided] = useState<ReadonlyMap<RuleId, Decision>>(new Map());
  const [added, setAdded] = useState<Resource[]>([]);

  useEffect(() => {
    if (!settled || !proposalKey) return;
    let live = true;
    Promise.all([import('../../core/evisit/stewardship'), loadCodes()])
      .then(([steward, codes]) => {
        const now = latest.current;
        if (!now.proposal) return;
        const all = allResources(now.panels);
        plansAtOpen.current ??= all.filter((r): r is CarePlan => r.resourceType === 'CarePlan');
        const resources = [...all.filter((r) => r.resourceType !== 'CarePlan'), ...plansAtOpen.current];
        const ctx = {
          patientId: session.patientId,
          date: day,
          context: now.diagnosis ? [now.diagnosis] : [],
        };
        const prompts = steward.proposalPrompts(resources, now.proposal, ctx, codes);
        const proposed = steward.proposedResources(now.proposal, ctx);
        if (!live) return;
        setAdded([proposed.order, ...proposed.context]);
        setResult({ key, evaluation: { status: 'ready', prompts, codes } });
      })
      .catch((err: unknown) => {
        if (live)
          setResult({
            key,
            evaluation: { status: 'failed', message: err instanceof Error ? err.message : String(err) },
          });
      });
    return () => {
      live = false;
    };
  }, [key, settled, proposalKey, day, session.patientId]);

  const evaluation: StewardshipEvaluation = !proposal
    ? { status: 'idle' }
    : result?.key === key
      ? result.evaluation
      : { status: 'waiting' };

  const base = usePromptDecisions(record, clinicianOf(session.fhirUser), session.write.canWrite);
  const decide = (rule: RuleId, d: Decision) => setDecided((prev) => new Map(prev).set(rule, d));
  const decisions: PromptDecisions = {
    ...base,
    // An agreement from an earlier visit is not a decision on this order, so the card asks; one
    // made in this review is shown by OrderStewardship in place of the card.
    agreed: new Map(),
    async accept(prompt) {
      await base.accept(prompt);
      decide(prompt.rule, { kind: 'accepted' });
    },
    async decline(prompt, reason, note) {
      await base.decline(prompt, reason, note);
      const words = note.trim();
      decide(prompt.rule, { kind: 'declined', reasonCode: reason, ...(words ? { note: words } : {}) });
    },
    describe(reference, codes) {
      const find = evidenceLookup([...allResources(panels), ...added]);
      const part = describeEvidence(reference, find, { today: day, codes });
      // The order and the diagnosis are not on screen as record entries yet: nothing to link to.
      const proposed = added.some((r) => reference.endsWith(`${r.resourceType}/${r.id ?? ''}`));
      if (proposed && part.kind === 'entry') {
        const { anchor: _unlinked, ...rest } = part;
        return rest;
      }
      return part;
    },
  };

  return {
    evaluation,
    state: stewardshipState(evaluation, decided),
    decided,
    decisions,
    retry: () => setAttempt((n) => n + 1),
  };
}

/**
 * The clinician's e-visit review queue: the review Tasks still waiting for their answer,
 * across patients, oldest first, each with its patient, kind, route and red flags. The searches are
 * built here and their answers joined here, so the screen only shows the result.
 */
import type { Bundle, Patient, QuestionnaireResponse, Task } from 'fhir/r4';
import { CG_EVISIT_ROUTE, CG_EVISIT_TASK } from '../fhir/vocabulary';
import { localRef } from '../fhir/references';
import { personName } from '../record/display';
import { isRouteLevel, type RouteLevel } from './levels';
import type { EvisitKind } from './questionnaires';

/** Open and no reviewer holds it (FHIR Task: requested, received, ready). */
export const FREE_REVIEW_STATUSES = ['requested', 'received', 'ready'] as const;
/** Open and a reviewer holds it: accepted (agreed to answer, not begun), in progress, on hold. */
export const HELD_REVIEW_STATUSES = ['accepted', 'in-progress', 'on-hold'] as const;
/**
 * Every status in which an e-visit still waits for its answer. An EHR's workflow may set any of
 * them; listing only requested and in-progress dropped an on-hold or accepted e-visit from every
 * queue while the reply screen still treated it as open.
 */
export const OPEN_REVIEW_STATUSES = [...FREE_REVIEW_STATUSES, ...HELD_REVIEW_STATUSES] as const;

export function isStatusIn(statuses: readonly string[], task: Task): boolean {
  return statuses.includes(task.status);
}

/**
 * Every open review Task the user may see (the e-visit code is checked on the answer, as servers differ
 * on token search by system). Oldest first from the server too: when the screen stops at its page cap,
 * the pages left unread then hold the newest e-visits, not the longest-waiting ones.
 */
export const QUEUE_TASK_QUERY = `Task?status=${OPEN_REVIEW_STATUSES.join(',')}&_sort=authored-on&_count=200`;

export function evisitKindOf(task: Task): EvisitKind | undefined {
  const code = task.code?.coding?.find((c) => c.system === CG_EVISIT_TASK)?.code;
  return code === 'uri' || code === 'lbp' ? code : undefined;
}

export function routeOfTask(task: Task): RouteLevel | undefined {
  const code = task.reasonCode?.coding?.find((c) => c.system === CG_EVISIT_ROUTE)?.code;
  return isRouteLevel(code) ? code : undefined;
}

function idOf(ref: string | undefined, type: string): string | undefined {
  const m = new RegExp(`^${type}/([^/]+)$`).exec(ref ?? '');
  return m?.[1];
}

export interface QueueEntry {
  task: Task & { id: string };
  kind: EvisitKind;
  patientId: string;
  patient?: Patient;
  /** The patient's name as the record gives it; absent when the Patient could not be read. */
  name?: string;
  /** The route the patient's answers reached (on the Task; `async-ok` when it says none). */
  route: RouteLevel;
  response?: QuestionnaireResponse;
  /** When the patient was told to expect a reply. */
  replyBy?: string;
}

// ≤ 100 ids, Oracle's _count cap, so an answer fits one page; ≤ 2,000 chars leaves any base URL room in 8 kB.
export const FOLLOW_UP_MAX_IDS = 100;
export const FOLLOW_UP_MAX_LENGTH = 2000;

/** `Type?_id=…&_count=n` searches that together name every id once, each within the bounds above. */
function idSearches(type: string, ids: readonly string[]): string[] {
  const search = (chunk: readonly string[]) => `${type}?_id=${chunk.join(',')}&_count=${chunk.length}`;
  const searches: string[] = [];
  let chunk: string[] = [];
  for (const id of ids.map(encodeURIComponent)) {
    chunk.push(id);
    if (
      chunk.length > 1 &&
      (chunk.length > FOLLOW_UP_MAX_IDS || search(chunk).length > FOLLOW_UP_MAX_LENGTH)
    ) {
      chunk.pop();
      searches.push(search(chunk));
      chunk = [id];
    }
  }
  if (chunk.length > 0) searches.push(search(chunk));
  return searches;
}

/**
 * The searches that put names and answers to the Tasks, the patients' and the responses', in chunks:
 * a queue read to its page cap names thousands, far more than one URL can carry.
 */
export function queueFollowUps(tasks: readonly Task[]): { patients: string[]; responses: string[] } {
  const open = tasks.filter((t) => evisitKindOf(t) && isStatusIn(OPEN_REVIEW_STATUSES, t));
  const patients = [...new Set(open.flatMap((t) => idOf(localRef(t.for), 'Patient') ?? []))];
  const responses = [...new Set(open.flatMap((t) => idOf(localRef(t.focus), 'QuestionnaireResponse') ?? []))];
  return {
    patients: idSearches('Patient', patients),
    responses: idSearches('QuestionnaireResponse', responses),
  };
}

/** The resources of a search answer (matches and includes alike), of one type. */
export function entriesOf<T extends { resourceType: string }>(bundle: unknown, type: T['resourceType']): T[] {
  const entries = (bundle as Bundle | undefined)?.entry ?? [];
  return entries.flatMap((e) => (e.resource?.resourceType === type ? [e.resource as unknown as T] : []));
}

/** The queue: open e-visit Tasks, oldest first (the longest waiting is answered first). */
export function queueEntries(
  tasks: readonly Task[],
  patients: readonly Patient[],
  responses: readonly QuestionnaireResponse[],
): QueueEntry[] {
  const byPatient = new Map(patients.map((p) => [p.id ?? '', p]));
  const byResponse = new Map(responses.map((r) => [`QuestionnaireResponse/${r.id ?? ''}`, r]));
  return tasks
    .flatMap((task): QueueEntry[] => {
      const kind = evisitKindOf(task);
      const patientId = idOf(localRef(task.for), 'Patient');
      if (!kind || !patientId || !task.id) return [];
      if (!isStatusIn(OPEN_REVIEW_STATUSES, task)) return [];
      const patient = byPatient.get(patientId);
      const name = personName(patient);
      const focus = localRef(task.focus);
      const response = focus ? byResponse.get(focus) : undefined;
      const replyBy = task.restriction?.period?.end;
      return [
        {
          task: { ...task, id: task.id },
          kind,
          patientId,
          ...(patient ? { patient } : {}),
          ...(name ? { name } : {}),
          route: routeOfTask(task) ?? 'async-ok',
          ...(response ? { response } : {}),
          ...(replyBy ? { replyBy } : {}),
        },
      ];
    })
    .sort((a, b) => (a.task.authoredOn ?? '').localeCompare(b.task.authoredOn ?? ''));
}

/** The words for a launch problem, shared by the launch page (plain DOM) and the app (React). */
import type { LaunchKind } from '../core/smart/scopes';
import { relaunchUrl } from './memory';
import type { LaunchProblem } from './problems';
import type { Translate } from './words';

export interface ProblemView {
  title: string;
  body: string;
  /** A way forward: a link to start again, or an instruction when only the EHR can relaunch. */
  action?: { href: string; label: string } | { text: string };
  detail?: string;
}

export function problemView(p: LaunchProblem, t: Translate, kind: LaunchKind | undefined): ProblemView {
  const view: ProblemView = {
    title: t(`problem.${p.kind}.title`),
    body: t(`problem.${p.kind}.body`, { iss: p.iss ?? '' }),
  };
  if (p.detail) view.detail = p.detail;
  const canRestart = p.iss && kind !== 'ehr' && p.kind !== 'unknown-iss' && p.kind !== 'missing-iss';
  if (canRestart && p.iss) {
    view.action = { href: relaunchUrl(p.iss), label: t('problem.relaunchPatient') };
  } else if (kind === 'ehr' || p.kind === 'no-patient') {
    view.action = { text: t('problem.relaunchClinician') };
  }
  return view;
}

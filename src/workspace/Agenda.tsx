import type { QuestionnaireResponse } from 'fhir/r4';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PanelStateNotice } from '../ui/Panel';
import { agendaAnswers, agendaItems, currentAgenda, type AgendaItem } from '../core/voice/agenda';
import { readyResources, type RecordProps } from '../ui/RecordContext';
import { formatDate } from '../ui/format';
import { useRecordCommit } from '../ui/useCommit';
import type { WriteAbility } from './useWorkspace';

/** The agenda with one item's check-off changed; items are matched by the patient's words. */
export function withCheckOff(
  qr: QuestionnaireResponse,
  text: string,
  addressed: boolean,
): QuestionnaireResponse {
  const items: AgendaItem[] = agendaItems(qr);
  let done = false;
  const next = items.map((i) => {
    if (done || i.text !== text) return i;
    done = true;
    return { ...i, addressed };
  });
  const other = (qr.item ?? []).filter((i) => i.linkId !== 'concern');
  return { ...qr, item: [...other, ...agendaAnswers(next)] };
}

type Status =
  | { kind: 'idle' }
  | { kind: 'saving'; text: string }
  | { kind: 'merged' }
  | { kind: 'error'; message: string };

/** The visit agenda the patient prepared, checked off as each item is addressed; every check-off is saved. */
export function Agenda(props: RecordProps & { ability: WriteAbility }) {
  const { t, i18n } = useTranslation();
  const commit = useRecordCommit(props);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  // Shown at once while the save runs; the saved agenda takes over when it lands (or the box reverts).
  const [pending, setPending] = useState<{ text: string; addressed: boolean } | undefined>();
  const state = props.panels.questionnaireResponses;
  const agenda = currentAgenda(readyResources<QuestionnaireResponse>(props.panels, 'questionnaireResponses'));
  const items = agenda ? agendaItems(agenda) : [];

  async function toggle(item: AgendaItem, addressed: boolean) {
    if (!agenda) return;
    setStatus({ kind: 'saving', text: item.text });
    setPending({ text: item.text, addressed });
    // If the patient or a colleague changed the agenda meanwhile, this one check-off is applied to
    // their version (nothing of theirs is overwritten) and the screen says so.
    const checkOff = (qr: QuestionnaireResponse) => withCheckOff(qr, item.text, addressed);
    const res = await commit(
      { next: checkOff(agenda), base: agenda, rebase: checkOff },
      'questionnaireResponses',
    );
    setPending(undefined);
    if (res.kind === 'saved') setStatus(res.rebased ? { kind: 'merged' } : { kind: 'idle' });
    else if (res.kind === 'failed') setStatus({ kind: 'error', message: res.message });
  }

  return (
    <section className="panel agenda" aria-labelledby="agenda-heading" data-testid="agenda">
      <h2 id="agenda-heading">{t('workspace.agenda.title')}</h2>
      <PanelStateNotice state={state} onRetry={props.retry} />
      {state?.status === 'ready' && items.length === 0 && (
        <p className="empty">{t('workspace.agenda.empty')}</p>
      )}
      {agenda && items.length > 0 && (
        <>
          {agenda.authored && (
            <p className="muted small">
              {t('workspace.agenda.prepared', { date: formatDate(agenda.authored, i18n.language) })}
            </p>
          )}
          <ul className="checklist">
            {items.map((item, i) => (
              <li key={`${i}-${item.text}`} className={item.addressed ? 'done' : undefined}>
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={pending?.text === item.text ? pending.addressed : item.addressed}
                    disabled={!props.ability.canWrite || status.kind === 'saving'}
                    onChange={(e) => void toggle(item, e.target.checked)}
                  />
                  <span className="agenda-text">{item.text}</span>
                </label>
              </li>
            ))}
          </ul>
          <p role="status" className="small">
            {status.kind === 'saving' && t('workspace.save.saving')}
            {status.kind === 'merged' && t('workspace.agenda.merged')}
            {status.kind === 'idle' &&
              t('workspace.agenda.progress', {
                done: items.filter((i) => i.addressed).length,
                total: items.length,
              })}
          </p>
          {status.kind === 'error' && (
            <p className="error" role="alert">
              {t('workspace.save.failed')} {status.message}
            </p>
          )}
        </>
      )}
    </section>
  );
}

import type { QuestionnaireResponse } from 'fhir/r4';
import { useState } from 'react';
import { useTranslation } from '../i18n/react';
import { PanelStateNotice } from '../ui/Panel';
import { agendaItems, checkOff, currentAgenda, type AgendaItem, type CheckOff } from '../core/voice/agenda';
import { readyResources, type RecordProps } from '../ui/RecordContext';
import { formatDate } from '../ui/format';
import { useRecordCommit } from '../ui/useCommit';
import type { WriteAbility } from './useWorkspace';

type Status =
  | { kind: 'idle' }
  | { kind: 'saving'; text: string }
  /** Saved after meeting a newer version: what the check-off did there. */
  | { kind: 'merged'; outcome: CheckOff; text: string }
  | { kind: 'error'; message: string };

/** What a check-off that met a newer agenda did there, and nothing more. */
function MergeNote({ outcome, text }: { outcome: CheckOff; text: string }) {
  const { t } = useTranslation();
  switch (outcome.kind) {
    case 'applied':
      return <>{t('workspace.agenda.merged')}</>;
    case 'reworded':
      return <>{t('workspace.agenda.mergedReworded', { was: outcome.was })}</>;
    case 'already':
      return <>{t('workspace.agenda.mergedAlready', { text: outcome.item.text })}</>;
    case 'removed':
      return <>{t('workspace.agenda.mergedRemoved', { text })}</>;
  }
}

/** The visit agenda the patient prepared, checked off as each item is addressed; every check-off is saved. */
export function Agenda(props: RecordProps & { ability: WriteAbility }) {
  const { t, i18n } = useTranslation();
  const commit = useRecordCommit(props);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  // Shown at once while the save runs; the saved agenda takes over when it lands (or the box reverts).
  const [pending, setPending] = useState<{ id: string; addressed: boolean } | undefined>();
  const state = props.panels.questionnaireResponses;
  const agenda = currentAgenda(readyResources<QuestionnaireResponse>(props.panels, 'questionnaireResponses'));
  const items = agenda ? agendaItems(agenda) : [];

  async function toggle(item: AgendaItem, addressed: boolean) {
    if (!agenda) return;
    setStatus({ kind: 'saving', text: item.text });
    setPending({ id: item.id, addressed });
    // If the patient or a colleague changed the agenda meanwhile, this one check-off is applied to
    // their version (nothing of theirs is overwritten), on the same item by its id whatever its
    // words now, and the screen says what happened there.
    let outcome: CheckOff = checkOff(agenda, item, addressed);
    const apply = (qr: QuestionnaireResponse) => {
      outcome = checkOff(qr, item, addressed);
      // Already ticked, or taken off the list: nothing to write.
      return 'qr' in outcome ? outcome.qr : undefined;
    };
    const res = await commit(
      { next: 'qr' in outcome ? outcome.qr : agenda, base: agenda, rebase: apply },
      'questionnaireResponses',
    );
    setPending(undefined);
    if (res.kind === 'saved')
      setStatus(res.rebased ? { kind: 'merged', outcome, text: item.text } : { kind: 'idle' });
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
            {items.map((item) => (
              <li key={item.id} className={item.addressed ? 'done' : undefined}>
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={pending?.id === item.id ? pending.addressed : item.addressed}
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
            {status.kind === 'merged' && <MergeNote outcome={status.outcome} text={status.text} />}
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

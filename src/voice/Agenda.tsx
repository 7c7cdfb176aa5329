import type { Identifier, QuestionnaireResponse } from 'fhir/r4';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from '../i18n/react';
import {
  agendaItems,
  newAgendaItem,
  keepMyAgenda,
  newAgendaResponse,
  updateAgendaResponse,
  type AgendaItem,
} from '../core/voice/agenda';
import { MAX_TEXT } from '../core/voice/mapping';
import { newIdentifier } from '../core/write/identity';
import { Conflict } from './Conflict';
import { useVoice } from './env';
import { useDraft, useSave } from './hooks';
import { SaveStatus } from './SaveStatus';

interface AgendaDraft {
  items: AgendaItem[];
  /** The open agenda the patient started from (its version goes in If-Match). */
  base?: QuestionnaireResponse;
  /** For a first agenda: one identifier for every retry of the same create. */
  identifier?: Identifier;
}

function ItemList({ items }: { items: AgendaItem[] }) {
  const { t } = useTranslation();
  if (!items.length) return <p className="empty">{t('voice.agenda.empty')}</p>;
  return (
    <ul className="plain-list">
      {items.map((i, n) => (
        <li key={i.id ?? n} dir="auto">
          {i.text}
        </li>
      ))}
    </ul>
  );
}

/**
 * The visit agenda: concerns in the patient's words, saved as one QuestionnaireResponse
 * (`in-progress` until the visit), created once and then updated with If-Match.
 */
export function Agenda({ open }: { open?: QuestionnaireResponse }) {
  const { t } = useTranslation();
  const env = useVoice();
  const id = useId();
  const draft = useDraft<AgendaDraft | null>('voice.agenda', () => null);
  const { status, setStatus, write } = useSave();
  const [conflict, setConflict] = useState<{ mine: AgendaItem[]; theirs: QuestionnaireResponse } | null>(
    null,
  );
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const inputs = useRef<(HTMLTextAreaElement | null)[]>([]);
  const saved = open ? agendaItems(open) : [];
  const items = draft.value?.items ?? saved;
  const dirty = draft.value !== null;

  useEffect(() => {
    if (focusIndex === null) return;
    inputs.current[focusIndex]?.focus();
    setFocusIndex(null);
  }, [focusIndex]);

  const change = (next: AgendaItem[]) => {
    const base = draft.value ? draft.value.base : open;
    const d: AgendaDraft = { items: next };
    if (base) d.base = base;
    else d.identifier = draft.value?.identifier ?? newIdentifier(env.newId);
    draft.update(d);
  };

  async function saveList(resource?: QuestionnaireResponse) {
    const d = draft.value;
    if (!d) return;
    const qr =
      resource ??
      (d.base
        ? updateAgendaResponse(d.base, d.items, env.now())
        : newAgendaResponse(d.items, {
            patientId: env.patientId,
            identifier: d.identifier ?? newIdentifier(env.newId),
            authored: env.now(),
          }));
    const outcome = await write(d.base ? { next: qr, base: d.base } : { next: qr }, 'questionnaireResponses');
    if (outcome.kind === 'saved') {
      draft.clear();
      setConflict(null);
    } else if (outcome.kind === 'review') {
      setConflict({ mine: d.items, theirs: outcome.theirs });
    }
  }

  return (
    <section className="voice-section" aria-labelledby="agenda-heading" id="agenda">
      <h2 id="agenda-heading">{t('voice.agenda.title')}</h2>
      <p className="intro">{t('voice.agenda.intro')}</p>
      {draft.restored && dirty && (
        <p className="notice small" data-testid="draft-restored">
          {t('voice.draft.restored')}
        </p>
      )}
      {items.length === 0 && <p className="empty">{t('voice.agenda.empty')}</p>}
      {items.length > 0 && (
        <ol className="agenda" data-testid="agenda">
          {items.map((item, n) => (
            // A draft saved before items had ids has none: its place names it until saved.
            <li key={item.id ?? n}>
              <label htmlFor={`${id}-${n}`} className="field-label">
                {t('voice.agenda.itemLabel', { n: n + 1 })}
              </label>
              {item.addressed && <span className="tag">{t('voice.agenda.addressed')}</span>}
              <div className="agenda-row">
                <textarea
                  id={`${id}-${n}`}
                  ref={(el) => {
                    inputs.current[n] = el;
                  }}
                  dir="auto"
                  rows={2}
                  maxLength={MAX_TEXT}
                  value={item.text}
                  disabled={!env.canWrite}
                  onChange={(e) =>
                    change(items.map((x, i) => (i === n ? { ...x, text: e.target.value } : x)))
                  }
                />
                {env.canWrite && (
                  <button
                    type="button"
                    className="secondary"
                    aria-label={t('voice.agenda.removeLabel', { n: n + 1 })}
                    onClick={() => {
                      change(items.filter((_, i) => i !== n));
                      setFocusIndex(Math.max(0, Math.min(n, items.length - 2)));
                    }}
                  >
                    {t('voice.agenda.remove')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      {env.canWrite && (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={() => {
              change([...items, newAgendaItem(env.newId)]);
              setFocusIndex(items.length);
            }}
          >
            {t('voice.agenda.add')}
          </button>
          <button type="button" onClick={() => void saveList()} disabled={!dirty || status.kind === 'saving'}>
            {t('voice.agenda.save')}
          </button>
        </div>
      )}
      {dirty && status.kind !== 'saving' && status.kind !== 'failed' && (
        <p className="small muted">{t('voice.agenda.unsaved')}</p>
      )}
      {conflict && (
        <Conflict
          mine={<ItemList items={conflict.mine.filter((i) => i.text.trim())} />}
          theirs={<ItemList items={agendaItems(conflict.theirs)} />}
          onKeepMine={() => void saveList(keepMyAgenda(conflict.theirs, conflict.mine, env.now()))}
          onKeepTheirs={() => {
            env.replace('questionnaireResponses', conflict.theirs);
            draft.clear();
            setConflict(null);
            setStatus({ kind: 'idle' });
          }}
          busy={status.kind === 'saving'}
        />
      )}
      <SaveStatus status={status} onRetry={() => void saveList()} />
    </section>
  );
}

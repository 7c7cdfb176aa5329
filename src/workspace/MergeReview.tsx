import type { FhirResource } from 'fhir/r4';
import { useId, useState } from 'react';
import { useTranslation } from '../i18n/react';
import type { MergeResult } from '../core/write/merge';

/** A short, readable rendering of an element's value: its text, display or reference, never markup. */
export function describeValue(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(describeValue).join('; ') || '—';
  const o = v as Record<string, unknown>;
  for (const k of ['text', 'display', 'description', 'reference', 'value', 'code']) {
    if (typeof o[k] === 'string' || typeof o[k] === 'number') return String(o[k]);
  }
  if (o.detail) return describeValue(o.detail);
  if (Array.isArray(o.coding)) return describeValue(o.coding);
  const json = JSON.stringify(v);
  return json.length > 160 ? `${json.slice(0, 157)}…` : json;
}

const IGNORED = new Set(['meta', 'text', 'id', 'resourceType']);

function changedFields(base: FhirResource, theirs: FhirResource): string[] {
  const b = base as unknown as Record<string, unknown>;
  const t = theirs as unknown as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(t)])].filter(
    (k) => !IGNORED.has(k) && JSON.stringify(b[k]) !== JSON.stringify(t[k]),
  );
}

/**
 * After a 412: what someone else changed meanwhile, and for each element both changed, a choice.
 * Nothing is saved until the clinician confirms.
 */
export function MergeReview<T extends FhirResource>({
  base,
  theirs,
  result,
  onSave,
  onCancel,
  busy,
}: {
  base: T;
  theirs: T;
  result: MergeResult<T>;
  onSave: (choices: Record<string, 'mine' | 'theirs'>) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [choices, setChoices] = useState<Record<string, 'mine' | 'theirs'>>(() =>
    Object.fromEntries(result.conflicts.map((c) => [c.field, 'mine'])),
  );
  const fieldName = (f: string) => t(`workspace.field.${f}`, { defaultValue: f });
  const theirChanges = changedFields(base, theirs);
  const conflicted = new Set(result.conflicts.map((c) => c.field));
  return (
    <section
      className="merge"
      role="alertdialog"
      aria-labelledby={`${id}-h`}
      aria-describedby={`${id}-d`}
      data-testid="merge"
    >
      <h3 id={`${id}-h`}>{t('workspace.merge.title')}</h3>
      <p id={`${id}-d`}>{t('workspace.merge.body')}</p>
      {theirChanges.length > 0 && (
        <>
          <h4>{t('workspace.merge.theyChanged')}</h4>
          <ul data-testid="their-changes">
            {theirChanges.map((f) => (
              <li key={f}>
                <strong>{fieldName(f)}</strong>:{' '}
                {describeValue((theirs as unknown as Record<string, unknown>)[f])}
                {!conflicted.has(f) && <span className="muted"> ({t('workspace.merge.kept')})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {result.conflicts.map((c) => (
        <fieldset key={c.field} className="merge-choice">
          <legend>{t('workspace.merge.bothChanged', { field: fieldName(c.field) })}</legend>
          {(['mine', 'theirs'] as const).map((side) => (
            <label key={side} className="choice">
              <input
                type="radio"
                name={`${id}-${c.field}`}
                checked={choices[c.field] === side}
                onChange={() => setChoices((prev) => ({ ...prev, [c.field]: side }))}
              />
              {t(side === 'mine' ? 'workspace.merge.keepMine' : 'workspace.merge.keepTheirs')}:{' '}
              <span className="value">{describeValue(side === 'mine' ? c.mine : c.theirs)}</span>
            </label>
          ))}
        </fieldset>
      ))}
      {result.conflicts.length === 0 && <p>{t('workspace.merge.noConflicts')}</p>}
      <div className="actions">
        <button type="button" onClick={() => onSave(choices)} disabled={busy}>
          {t('workspace.merge.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          {t('workspace.merge.cancel')}
        </button>
      </div>
    </section>
  );
}

/**
 * One SDC Questionnaire item on screen, for exactly the subset the e-visit Questionnaires use:
 * boolean, choice (one or many), integer / decimal with a unit and limits, a quantity in one of the
 * units offered (a temperature in °F or °C), string, date, display.
 * Native controls only (radios, checkboxes, inputs), so keyboards and screen readers work as usual.
 */
import type { Coding, QuestionnaireItem, QuestionnaireResponseItemAnswer } from 'fhir/r4';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/react';
import { localText, unitLimits, unitOptions } from '../core/evisit';
import { MAX_VALUE_EXT, MIN_VALUE_EXT, QUESTIONNAIRE_UNIT_EXT } from '../core/fhir/vocabulary';

type Answer = QuestionnaireResponseItemAnswer;

function limit(item: QuestionnaireItem, url: string): number | undefined {
  const e = item.extension?.find((x) => x.url === url);
  return e?.valueDecimal ?? e?.valueInteger;
}

export function unitOf(item: QuestionnaireItem): string | undefined {
  return item.extension?.find((x) => x.url === QUESTIONNAIRE_UNIT_EXT)?.valueCoding?.display;
}

export function itemText(item: QuestionnaireItem, lang: string): string {
  return localText(item.text, item._text, lang);
}

export function optionText(c: Coding | undefined, lang: string): string {
  return localText(
    c?.display ?? c?.code,
    (c as (Coding & { _display?: { extension?: [] } }) | undefined)?._display,
    lang,
  );
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function Question({
  item,
  number,
  given,
  onAnswer,
  onBack,
}: {
  item: QuestionnaireItem;
  number: number;
  given: readonly Answer[] | undefined;
  onAnswer: (answers: Answer[]) => void;
  onBack?: (() => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const units = unitOptions(item);
  const [unitCode, setUnitCode] = useState<string | undefined>(units[0]?.code);
  const [error, setError] = useState<string>();

  // Each new question starts from what was answered before and takes the focus, so a screen
  // reader reads it and the keyboard user continues from it.
  useEffect(() => {
    const a = given?.[0];
    const n = a?.valueDecimal ?? a?.valueInteger ?? a?.valueQuantity?.value;
    setText(n !== undefined ? String(n) : (a?.valueDate ?? a?.valueString ?? ''));
    const offered = unitOptions(item);
    // A number kept from before units were offered (a 1.0.0 draft) was in °C.
    const keptUnit = a?.valueQuantity?.code ?? (a?.valueDecimal !== undefined ? 'Cel' : undefined);
    setUnitCode(offered.find((u) => u.code === keptUnit)?.code ?? offered[0]?.code);
    setChosen((given ?? []).flatMap((x) => (x.valueCoding?.code ? [x.valueCoding.code] : [])));
    setError(undefined);
    heading.current?.focus();
  }, [item, given]);

  const label = itemText(item, lang);
  const unit = unitOf(item);
  const min = limit(item, MIN_VALUE_EXT);
  const max = limit(item, MAX_VALUE_EXT);

  function submit(e: FormEvent) {
    e.preventDefault();
    switch (item.type) {
      case 'integer':
      case 'decimal': {
        const raw = text.trim().replace(',', '.');
        if (raw === '') return item.required ? setError(t('evisit.required')) : onAnswer([]);
        const n = Number(raw);
        const whole = item.type === 'integer' ? Number.isInteger(n) : true;
        if (!Number.isFinite(n) || !whole || (min !== undefined && n < min) || (max !== undefined && n > max))
          return setError(t('evisit.number', { min: min ?? '', max: max ?? '' }));
        return onAnswer([item.type === 'integer' ? { valueInteger: n } : { valueDecimal: n }]);
      }
      case 'quantity': {
        const raw = text.trim().replace(',', '.');
        if (raw === '') return item.required ? setError(t('evisit.required')) : onAnswer([]);
        const n = Number(raw);
        const u = units.find((x) => x.code === unitCode);
        const [lo, hi] = unitLimits(u?.code) ?? [-Infinity, Infinity];
        if (!u || !Number.isFinite(n) || n < lo || n > hi)
          return setError(t('evisit.numberIn', { min: lo, max: hi, unit: u?.display ?? '' }));
        return onAnswer([
          { valueQuantity: { value: n, unit: u.display ?? '', system: u.system ?? '', code: u.code ?? '' } },
        ]);
      }
      case 'date':
        if (!text) return item.required ? setError(t('evisit.required')) : onAnswer([]);
        if (text > today()) return setError(t('evisit.dateFuture'));
        return onAnswer([{ valueDate: text }]);
      case 'string':
      case 'text':
        if (!text.trim()) return item.required ? setError(t('evisit.required')) : onAnswer([]);
        return onAnswer([{ valueString: text.trim() }]);
      case 'choice': {
        const options = item.answerOption ?? [];
        const picked = options.filter((o) => o.valueCoding?.code && chosen.includes(o.valueCoding.code));
        if (picked.length === 0 && item.required)
          return setError(t(item.repeats ? 'evisit.required' : 'evisit.pickOne'));
        return onAnswer(picked.map((o) => ({ valueCoding: o.valueCoding as Coding })));
      }
      default:
        return onAnswer([]);
    }
  }

  const errorId = `${id}-error`;
  const described = error ? { 'aria-describedby': errorId, 'aria-invalid': true } : {};
  const back = onBack && (
    <button type="button" className="secondary" onClick={onBack}>
      {t('evisit.back')}
    </button>
  );

  if (item.type === 'boolean') {
    const value = given?.[0]?.valueBoolean;
    return (
      <div className="evisit-question" data-link-id={item.linkId}>
        <p className="small muted">{t('evisit.question', { n: number })}</p>
        <h4 ref={heading} tabIndex={-1} id={`${id}-q`}>
          {label}
        </h4>
        <div className="evisit-yes-no" role="group" aria-labelledby={`${id}-q`}>
          <button
            type="button"
            aria-pressed={value === true}
            onClick={() => onAnswer([{ valueBoolean: true }])}
          >
            {t('evisit.yes')}
          </button>
          <button
            type="button"
            aria-pressed={value === false}
            onClick={() => onAnswer([{ valueBoolean: false }])}
          >
            {t('evisit.no')}
          </button>
        </div>
        <div className="actions">{back}</div>
      </div>
    );
  }

  const inputId = `${id}-input`;
  return (
    <form className="evisit-question" data-link-id={item.linkId} onSubmit={submit} noValidate>
      <p className="small muted">{t('evisit.question', { n: number })}</p>
      {item.type === 'choice' ? (
        <fieldset {...described}>
          <legend>
            <h4 ref={heading} tabIndex={-1}>
              {label}
            </h4>
          </legend>
          {(item.answerOption ?? []).map((o) => {
            const code = o.valueCoding?.code ?? '';
            return (
              <label key={code} className="evisit-option">
                <input
                  type={item.repeats ? 'checkbox' : 'radio'}
                  name={`${id}-choice`}
                  value={code}
                  checked={chosen.includes(code)}
                  onChange={(e) =>
                    setChosen((c) =>
                      item.repeats ? (e.target.checked ? [...c, code] : c.filter((x) => x !== code)) : [code],
                    )
                  }
                />{' '}
                {optionText(o.valueCoding, lang)}
              </label>
            );
          })}
        </fieldset>
      ) : (
        <>
          <h4 ref={heading} tabIndex={-1}>
            <label htmlFor={inputId}>{label}</label>
          </h4>
          {item.type === 'display' ? null : item.type === 'string' || item.type === 'text' ? (
            <textarea
              id={inputId}
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
              {...described}
            />
          ) : (
            <div className="evisit-input-row">
              <input
                id={inputId}
                type={item.type === 'date' ? 'date' : 'text'}
                inputMode={
                  item.type === 'integer'
                    ? 'numeric'
                    : item.type === 'decimal' || item.type === 'quantity'
                      ? 'decimal'
                      : undefined
                }
                max={item.type === 'date' ? today() : undefined}
                value={text}
                onChange={(e) => setText(e.target.value)}
                {...described}
              />
              {unit && <span aria-label={t('evisit.unit', { unit })}>{unit}</span>}
              {units.length > 0 && (
                <fieldset className="evisit-units">
                  <legend className="visually-hidden">{t('evisit.unitChoice')}</legend>
                  {units.map((u) => (
                    <label key={u.code} className="evisit-unit">
                      <input
                        type="radio"
                        name={`${id}-unit`}
                        value={u.code}
                        checked={unitCode === u.code}
                        onChange={() => setUnitCode(u.code)}
                      />{' '}
                      {u.display}
                    </label>
                  ))}
                </fieldset>
              )}
            </div>
          )}
        </>
      )}
      {error && (
        <p id={errorId} className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        {back}
        {!item.required && item.type !== 'display' && (
          <button type="button" className="secondary" onClick={() => onAnswer([])}>
            {t('evisit.skip')}
          </button>
        )}
        <button type="submit">{t('evisit.next')}</button>
      </div>
    </form>
  );
}

import type { Patient } from 'fhir/r4';
import { useTranslation } from '../i18n/react';
import { bannerFacts } from '../core/record/display';
import type { PanelState } from '../core/record/read';
import { formatDate } from './format';

export function PatientBanner({ state, today }: { state: PanelState | undefined; today: Date }) {
  const { t, i18n } = useTranslation();
  if (!state || state.status === 'loading') {
    return (
      <section className="banner" aria-label={t('banner.label')} aria-busy="true">
        <p className="muted">{t('app.loading')}</p>
      </section>
    );
  }
  if (state.status !== 'ready' || state.resources.length === 0) {
    return (
      <section className="banner error" aria-label={t('banner.label')} role="alert">
        <p>
          {state.status === 'failed' && state.failure.status === 403
            ? t('panel.forbidden')
            : t('panel.failed')}
        </p>
        {state.status === 'failed' && <p className="small">{state.failure.message}</p>}
      </section>
    );
  }
  const f = bannerFacts(state.resources[0] as Patient, today);
  const sex = f.sex ? t(`banner.sex.${f.sex}`, { defaultValue: f.sex }) : undefined;
  return (
    <section className="banner" aria-label={t('banner.label')} data-testid="patient-banner">
      <h1 className="banner-name">{f.name ?? t('banner.unknownName')}</h1>
      <ul className="banner-facts">
        {f.birthDate && <li>{t('banner.born', { date: formatDate(f.birthDate, i18n.language) })}</li>}
        {f.age !== undefined && !f.deceased && <li>{t('banner.age', { count: f.age })}</li>}
        {sex && <li>{sex}</li>}
        {f.mrn && <li>{t('banner.mrn', { mrn: f.mrn })}</li>}
        {f.deceased && <li className="tag">{t('banner.deceased')}</li>}
      </ul>
    </section>
  );
}

/**
 * Decision aids as the screens use them: loaded on first use as their own chunk (src/ui/Chunk.tsx),
 * with a loading line and, when the chunk cannot be fetched, a real error and a reload instead of a
 * blank (the browser keeps a failed module import failed, so asking again in place cannot work).
 */
import type { CarePlan } from 'fhir/r4';
import { useTranslation } from '../../i18n/react';
import type { PromptLanguage } from '../../core/prompts/messages/types';
import type { RuleId } from '../../core/prompts/types';
import { chunk, Chunked, type Chunk } from '../../ui/Chunk';
import type { AidPanelProps } from './AidPanel';

type PlanAidsProps = { plan: CarePlan; lang: PromptLanguage; age?: number | undefined };
type PanelProps = AidPanelProps & { rule: RuleId };

const Panel = chunk<PanelProps>(() => import('./AidPanel').then((m) => ({ default: m.AidPanel })));
const Plan = chunk<PlanAidsProps>(() => import('./AidPanel').then((m) => ({ default: m.PlanAids })));

function Aid<P extends object>({ of, props }: { of: Chunk<P>; props: P }) {
  const { t } = useTranslation();
  return (
    <Chunked
      of={of}
      props={props}
      fallback={
        <p className="muted small" role="status">
          {t('prompts.aids.loading')}
        </p>
      }
      failed={t('prompts.aids.loadFailed')}
    />
  );
}

export function LazyAidPanel(props: PanelProps) {
  return <Aid of={Panel} props={props} />;
}

export function LazyPlanAids(props: PlanAidsProps) {
  return <Aid of={Plan} props={props} />;
}

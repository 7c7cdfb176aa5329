/**
 * The engine's prompts as the cards this service returns: the card the app renders (`toCard`), with
 * a fresh uuid per card returned (the feedback endpoint ties feedback to it), the suggestions that
 * are FHIR actions, a source link and a SMART link that opens Common Ground for the patient.
 */
import { randomUUID } from 'node:crypto';
import type { Coding } from 'fhir/r4';
import {
  promptSuggestions,
  toCard,
  type CdsAction,
  type DraftOrder,
  type GrammaticalGender,
  type Prompt,
  type PromptLanguage,
  type RuleId,
} from '../src/core/prompts';
import { msg, render } from '../src/core/prompts/messages/index';

export interface ServiceCard {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url?: string; topic?: Coding };
  suggestions?: { label: string; uuid: string; isRecommended: boolean; actions: CdsAction[] }[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: Coding[];
  links?: { label: string; url: string; type: 'absolute' | 'smart'; appContext?: string }[];
}

export interface CardContext {
  patientId: string;
  /** The service's public base URL (source pages live under it). */
  baseUrl: string;
  /** Common Ground's SMART launch URL. */
  appLaunchUrl: string;
  lang: PromptLanguage;
  gender: GrammaticalGender;
  /** Order hooks: the drafts each prompt is about. */
  draftsOf?: ReadonlyMap<RuleId, readonly DraftOrder[]>;
}

function smartLink(ctx: CardContext): NonNullable<ServiceCard['links']>[number] {
  return { label: render(msg('card.openApp'), ctx.lang, ctx.gender), url: ctx.appLaunchUrl, type: 'smart' };
}

export function promptCard(prompt: Prompt, ctx: CardContext): ServiceCard {
  const card = toCard(prompt, ctx.patientId, ctx.lang, ctx.gender);
  const suggestions = promptSuggestions(prompt, {
    patientId: ctx.patientId,
    drafts: ctx.draftsOf?.get(prompt.rule),
    lang: ctx.lang,
    gender: ctx.gender,
  }).map((s) => ({ ...s, uuid: randomUUID() }));
  return {
    uuid: randomUUID(),
    summary: card.summary,
    detail: card.detail,
    indicator: card.indicator,
    source: { ...card.source, url: `${ctx.baseUrl}/sources/${encodeURIComponent(prompt.rule)}` },
    ...(suggestions.length > 0 ? { suggestions, selectionBehavior: card.selectionBehavior } : {}),
    overrideReasons: card.overrideReasons,
    links: [smartLink(ctx)],
  };
}

/** The card that only opens the app: the patient's priorities and the shared plan live there. */
export function appLinkCard(ctx: CardContext): ServiceCard {
  return {
    uuid: randomUUID(),
    summary: render(msg('card.openApp'), ctx.lang, ctx.gender),
    indicator: 'info',
    source: { label: 'Common Ground' },
    links: [smartLink(ctx)],
  };
}

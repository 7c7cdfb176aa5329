import type { MessageKey } from './en';

/** The languages the prompt text is written in; anything else is rendered in English. */
export const PROMPT_LANGUAGES = ['en', 'es'] as const;
export type PromptLanguage = (typeof PROMPT_LANGUAGES)[number];

/**
 * The patient's gender as far as grammar needs it: a catalog entry `key_female` / `key_male`
 * replaces `key` (written in neutral words) when the patient is recorded as female or male.
 */
export type GrammaticalGender = 'female' | 'male' | undefined;

/**
 * What a rule says, without saying it in any one language: a catalog key and its parameters.
 * A parameter is a value from the record or a number (shown as is), another message, or a list of
 * them (joined with commas).
 */
export interface Message {
  key: MessageKey;
  params?: Readonly<Record<string, MessageParam>>;
}
export type MessageParam = string | number | Message | readonly (string | Message)[];

export const msg = (key: MessageKey, params?: Message['params']): Message =>
  params ? { key, params } : { key };

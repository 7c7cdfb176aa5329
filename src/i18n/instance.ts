/**
 * The app's words, looked up: a small translator in place of i18next, doing only what the catalogs
 * use. A key is a dotted path into a language's catalogs; `{{name}}` takes a value; `count` picks the
 * `_one` / `_other` form by the language's plural rules; a form about the patient (`_female` /
 * `_male`) is preferred once their gender is known; a key the language lacks reads in English.
 * No React here (./react.tsx binds it), and no catalogs: they arrive from a source (./load.ts fetches
 * them, ./index.ts has them all at once).
 */
import { LANGUAGES, supported, type Language } from './language';

export type Catalog = Readonly<Record<string, unknown>>;

/**
 * Values for `{{name}}`, and three that steer the lookup. `count` picks the plural form when it is a
 * number (a string is only a value, as in i18next); `context` names a form (`key_<context>`) and
 * overrides the patient's gender; `defaultValue` is shown when no language has the key. Values are
 * as loosely typed as i18next's were, since screens pass `t` on to helpers typed that way.
 */
export type TOptions = Readonly<Record<string, unknown>>;

export type TFunction = (key: string, options?: TOptions) => string;

export type PatientGender = 'female' | 'male' | undefined;

/** Where an instance's catalogs come from: each language's, in parts, the first screen's words first. */
export interface CatalogSource {
  readonly parts: number;
  /** A catalog at once (tests), or a promise of one (the app page's chunks). */
  load(lang: Language, part: number): Catalog | Promise<Catalog>;
}

export interface I18n {
  /** The language the screens are in. */
  readonly language: Language;
  /** Translates in the current language. */
  readonly t: TFunction;
  /** Translates in a given language, whatever the screens are in (the plan's narrative is in the patient's). */
  getFixedT(lang: string): TFunction;
  /**
   * Switches once the new language's words are in (as many parts as the screens have asked for so
   * far), then redraws every subscriber; the page's `lang` follows. If those words cannot be read,
   * the language stays as it was, since a half-translated screen is worse than an unchanged one.
   */
  changeLanguage(lang: string): Promise<TFunction>;
  /** Reads every catalog of these languages; resolves when each has arrived or failed. */
  loadLanguages(langs: string | readonly string[]): Promise<void>;
  /** Tells the listener when the language changed (the React binding's store). */
  subscribe(listener: () => void): () => void;
}

/** The instance's own side: reads only some parts of a language (the first screen's words). */
export interface LoadingI18n extends I18n {
  /** Resolves true once the first `parts` catalogs of the language are in, false if any failed. */
  loadParts(lang: Language, parts: number): Promise<boolean>;
}

/**
 * Grammar that agrees with the patient. By convention a catalog entry `key_female` / `key_male` is a
 * form about the patient that depends on their gender (Spanish "cómoda" / "cómodo"), and the base
 * `key` says the same in neutral words. Once the record says the patient is female or male, every
 * lookup prefers that form, so no screen has to pass `context` itself; any other gender, or none
 * recorded, keeps the neutral words.
 */
const genders = new WeakMap<I18n, 'female' | 'male'>();

export function patientGender(instance: I18n): PatientGender {
  return genders.get(instance);
}

/** Sets the patient whose gender the words agree with (`Patient.gender`); what renders next uses it. */
export function setPatientGender(instance: I18n, gender: string | undefined): void {
  if (gender === 'female' || gender === 'male') genders.set(instance, gender);
  else genders.delete(instance);
}

/** The text at a dotted key's path, or undefined (the launch page's words use it too). */
export function lookup(catalog: Catalog, path: readonly string[]): string | undefined {
  let node: unknown = catalog;
  for (const part of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

// React escapes on render, so values go in as they are (escaping here would show &amp; to the user).
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

export function interpolate(text: string, options: TOptions): string {
  if (!text.includes('{{')) return text;
  // A value the caller did not give stays visible as its placeholder rather than vanishing.
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = options[name];
    return value === undefined ? whole : String(value);
  });
}

const pluralRules = new Map<Language, Intl.PluralRules>();
function pluralOf(lang: Language, count: number): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(count);
}

const NO_OPTIONS: TOptions = {};

/** A new instance reading its catalogs from `source`; the page's `lang` follows its language. */
export function newI18n(lng: Language, source: CatalogSource): LoadingI18n {
  let language = lng;
  const catalogs = new Map<Language, (Catalog | undefined)[]>(LANGUAGES.map((l) => [l, []]));
  const pending = new Map<string, Promise<boolean>>();
  // How many parts the screens have asked for; a language switch waits for as many.
  let partsInUse = 1;
  let switches = 0;
  const listeners = new Set<() => void>();
  const fixed = new Map<Language, TFunction>();

  const setPageLanguage = (l: Language) => {
    if (typeof document !== 'undefined') document.documentElement.lang = l;
  };

  /** The first form the language has, else English: most specific first (gendered plural, gendered, plural, base). */
  function resolve(
    lang: Language,
    key: string,
    options: TOptions,
    gender: PatientGender,
  ): string | undefined {
    const path = key.split('.');
    const last = path.pop() ?? '';
    const context = typeof options.context === 'string' ? options.context || undefined : gender;
    for (const l of lang === 'en' ? (['en'] as const) : ([lang, 'en'] as const)) {
      // A category the catalogs do not write (Spanish "many" for a million) reads as `_other`.
      const category = typeof options.count === 'number' ? pluralOf(l, options.count) : undefined;
      const plurals =
        category === undefined ? [] : category === 'other' ? ['_other'] : [`_${category}`, '_other'];
      const forms = [
        ...(context ? [...plurals.map((p) => `${last}_${context}${p}`), `${last}_${context}`] : []),
        ...plurals.map((p) => `${last}${p}`),
        last,
      ];
      for (const catalog of catalogs.get(l) ?? []) {
        if (!catalog) continue;
        for (const form of forms) {
          const text = lookup(catalog, [...path, form]);
          if (text !== undefined) return text;
        }
      }
    }
    return undefined;
  }

  function getFixedT(lang: string): TFunction {
    const l = supported(lang) ?? 'en';
    let t = fixed.get(l);
    if (!t) {
      t = (key, options = NO_OPTIONS) => {
        const fallback = typeof options.defaultValue === 'string' ? options.defaultValue : undefined;
        const text = resolve(l, key, options, genders.get(instance)) ?? fallback;
        // No language has it: the key is the one clue left (the catalog tests keep this from shipping).
        return text === undefined ? key : interpolate(text, options);
      };
      fixed.set(l, t);
    }
    return t;
  }

  function loadPart(lang: Language, part: number): Promise<boolean> | boolean {
    const loaded = catalogs.get(lang) ?? [];
    if (loaded[part]) return true;
    const id = `${lang}:${part}`;
    const inFlight = pending.get(id);
    if (inFlight) return inFlight;
    const stored = (catalog: Catalog) => {
      loaded[part] = catalog;
      return true;
    };
    let read: Catalog | Promise<Catalog>;
    try {
      read = source.load(lang, part);
    } catch {
      return false;
    }
    if (!(read instanceof Promise)) return stored(read);
    const promise = read.then(stored, () => false).finally(() => pending.delete(id));
    pending.set(id, promise);
    return promise;
  }

  async function loadParts(lang: Language, parts: number): Promise<boolean> {
    partsInUse = Math.max(partsInUse, parts);
    const reads = Array.from({ length: Math.min(parts, source.parts) }, (_, i) => loadPart(lang, i));
    return (await Promise.all(reads)).every(Boolean);
  }

  const instance: LoadingI18n = {
    get language() {
      return language;
    },
    t: (key, options) => getFixedT(language)(key, options),
    getFixedT,
    async changeLanguage(lang) {
      const l = supported(lang) ?? 'en';
      // Only the last switch asked for wins, however the catalogs' arrivals interleave.
      const ticket = ++switches;
      const ready = await loadParts(l, partsInUse);
      if (ticket === switches && ready && l !== language) {
        language = l;
        setPageLanguage(l);
        for (const listener of [...listeners]) listener();
      }
      return getFixedT(language);
    },
    async loadLanguages(langs) {
      const wanted = (typeof langs === 'string' ? [langs] : langs).flatMap((l) => supported(l) ?? []);
      await Promise.all(wanted.map((l) => loadParts(l, source.parts)));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    loadParts,
  };
  setPageLanguage(lng);
  return instance;
}

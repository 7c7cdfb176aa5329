/**
 * The compiled code sets (codes.generated.json, written by scripts/compile-codes.ts) and the matcher
 * the rules use. The JSON is passed in as data (`loadCodeSets(json)`) so the browser can fetch it
 * lazily after first paint; nothing here imports it.
 */

export type SystemAlias =
  'sct' | 'icd10cm' | 'icd10pcs' | 'loinc' | 'rxnorm' | 'cpt' | 'hcpcs' | 'pco' | 'pcodomain';

/** One set as serialised: `c` exact codes and `p` prefixes, space-joined per system; `u` unverified codes. */
export interface CompiledSet {
  n?: string;
  c?: Partial<Record<SystemAlias, string>>;
  p?: Partial<Record<SystemAlias, string>>;
  u?: string;
}

/** An ingredient RxCUI: name, verification (V/C/U), value sets it joins, drug classes it inherits. */
export interface CompiledIngredient {
  n: string;
  v: 'V' | 'C' | 'U';
  s: string[];
  k: string[];
}

export interface CompiledCodes {
  format: 1;
  source: string;
  /** Code-system URI → alias. */
  systems: Record<string, SystemAlias>;
  /** Keyed by VSAC OID, by `rule:role` of extra_codes.csv, or by `spec:…` for codes the rule text names. */
  sets: Record<string, CompiledSet>;
  ingredients: Record<string, CompiledIngredient>;
  /** RxCUI → `|`-joined antihypertensive classes. */
  antihypertensive: Record<string, string>;
  /** RxCUI → [class, `|`-joined flags, other ingredients of the product]. */
  antithrombotic: Record<string, [string, string, string[]]>;
  /** RxCUI → insulin | sulfonylurea | meglitinide (include=Y rows only). */
  hypoglycemic: Record<string, string>;
}

/**
 * Equivalent identifiers EHRs send for the same systems (HL7 OIDs). Accepting them is cheap and only
 * widens recognition of codes the spec already lists.
 */
const EXTRA_SYSTEM_URIS: Record<string, SystemAlias> = {
  'urn:oid:2.16.840.1.113883.6.96': 'sct',
  'urn:oid:2.16.840.1.113883.6.90': 'icd10cm',
  'urn:oid:2.16.840.1.113883.6.4': 'icd10pcs',
  'urn:oid:2.16.840.1.113883.6.1': 'loinc',
  'urn:oid:2.16.840.1.113883.6.88': 'rxnorm',
  'urn:oid:2.16.840.1.113883.6.12': 'cpt',
  'urn:oid:2.16.840.1.113883.6.285': 'hcpcs',
};

/** ICD-10 codes are compared without dots and in upper case ("e11.9" = "E119"); others as written. */
export function normalizeCode(system: string, code: string): string {
  const trimmed = code.trim();
  if (system === 'icd10cm' || system === 'icd10pcs') return trimmed.replace(/\./g, '').toUpperCase();
  if (system === 'hcpcs') return trimmed.toUpperCase();
  return trimmed;
}

export interface CodeMatcher {
  readonly key: string;
  /** `system` is an alias (or the raw URI for systems we do not know), `code` already normalised. */
  has(system: string, code: string): boolean;
}

export interface CodeSets {
  /** The alias of a code-system URI, or the URI itself when unknown (it then matches nothing). */
  aliasOf(systemUri: string | undefined): string;
  /** A compiled set; throws on an unknown key so a typo in a rule fails loudly in tests. */
  set(key: string): CodeMatcher;
  /** Union of sets, optionally minus other sets (cached per key list). */
  union(keys: readonly string[], minus?: readonly string[]): CodeMatcher;
  ingredient(rxcui: string): CompiledIngredient | undefined;
  antihypertensiveClasses(rxcui: string): readonly string[];
  antithrombotic(
    rxcui: string,
  ): { cls: string; flags: readonly string[]; with: readonly string[] } | undefined;
  hypoglycemicClass(rxcui: string): string | undefined;
  /** True when an RxNorm code appears in any compiled set or drug table. */
  knowsRxnorm(rxcui: string): boolean;
  /** Ingredient RxCUIs whose names occur as words in a drug name ("Humulin … insulin …" → insulin). */
  ingredientsNamedIn(text: string): string[];
  /** The name of an RxNorm ingredient code, or of the smallest named code list that holds the code. */
  nameOf(systemUri: string | undefined, code: string): { name: string; exact: boolean } | undefined;
  /** Codes of a set the source marks unverified (U). */
  unverified(key: string): ReadonlySet<string>;
  readonly size: number;
}

class SetMatcher implements CodeMatcher {
  constructor(
    readonly key: string,
    private readonly exact: Map<string, Set<string>>,
    private readonly prefixes: Map<string, Set<string>>,
  ) {}

  has(system: string, code: string): boolean {
    if (this.exact.get(system)?.has(code)) return true;
    const p = this.prefixes.get(system);
    if (!p) return false;
    // Prefixes are ICD-10 categories or sub-categories (≥ 3 characters).
    for (let k = 3; k <= code.length; k++) if (p.has(code.slice(0, k))) return true;
    return false;
  }
}

class UnionMatcher implements CodeMatcher {
  constructor(
    readonly key: string,
    private readonly include: readonly CodeMatcher[],
    private readonly exclude: readonly CodeMatcher[],
  ) {}

  has(system: string, code: string): boolean {
    return this.include.some((m) => m.has(system, code)) && !this.exclude.some((m) => m.has(system, code));
  }
}

/** "HbA1cLaboratoryTest" → "HbA1c laboratory test"; "IschemicHeartDiseaseorRelatedDiagnoses" → "Ischemic heart disease or related diagnoses". */
function listName(n: string): string {
  const words = n
    .replace(/(?<=[a-z])(or|and|for|with|of|in)(?=[A-Z])/g, ' $1 ')
    .replace(/(?<=[a-z0-9)])(?=[A-Z][a-z])/g, ' ')
    .replace(/\(/g, ' (')
    .split(/\s+/)
    .filter(Boolean);
  // Words that are all capitals or mix case inside (DXA, HbA1c, sDNA) keep their case.
  return words.map((w, i) => (i > 0 && /^[A-Z][a-z]+$/.test(w) ? w.toLowerCase() : w)).join(' ');
}

const WORD_RUNS = /[A-Za-z0-9_]+/g;

/** The lower-cased word run a name begins with, or undefined when it begins with another character. */
function firstWord(name: string): string | undefined {
  return /^[A-Za-z0-9_]+/.exec(name)?.[0].toLowerCase();
}

function split(list: string | undefined): string[] {
  return list ? list.split(' ') : [];
}

export function loadCodeSets(data: CompiledCodes): CodeSets {
  if (data.format !== 1) throw new Error(`Unsupported code-set format ${String(data.format)}`);
  const aliases: Record<string, string> = { ...EXTRA_SYSTEM_URIS, ...data.systems };

  // Ingredient codes join the medication value sets they belong to, so rules need not care whether
  // the record codes a product (SCD/SBD) or an ingredient (IN).
  const ingredientMembers = new Map<string, string[]>();
  for (const [rxcui, ing] of Object.entries(data.ingredients)) {
    for (const key of ing.s) ingredientMembers.set(key, [...(ingredientMembers.get(key) ?? []), rxcui]);
  }

  const matchers = new Map<string, CodeMatcher>();
  let size = 0;
  for (const [key, set] of Object.entries(data.sets)) {
    const exact = new Map<string, Set<string>>();
    const prefixes = new Map<string, Set<string>>();
    for (const [sys, codes] of Object.entries(set.c ?? {})) {
      exact.set(sys, new Set(split(codes)));
      size += exact.get(sys)?.size ?? 0;
    }
    for (const [sys, codes] of Object.entries(set.p ?? {})) {
      prefixes.set(sys, new Set(split(codes)));
      size += prefixes.get(sys)?.size ?? 0;
    }
    const ing = ingredientMembers.get(key);
    if (ing) {
      const rx = exact.get('rxnorm') ?? new Set<string>();
      for (const code of ing) rx.add(code);
      exact.set('rxnorm', rx);
    }
    matchers.set(key, new SetMatcher(key, exact, prefixes));
  }

  const knownRx = new Set<string>([
    ...Object.keys(data.ingredients),
    ...Object.keys(data.antihypertensive),
    ...Object.keys(data.antithrombotic),
    ...Object.keys(data.hypoglycemic),
    ...Object.values(data.sets).flatMap((set) => split(set.c?.rxnorm)),
  ]);
  const ingredientNames = Object.entries(data.ingredients).map(([rxcui, ing]) => {
    const names = ing.n.split(' / ');
    return {
      rxcui,
      // "sulfamethoxazole / trimethoprim" must find both names; word boundaries keep "insulin" out of "insulinoma".
      patterns: names.map((n) => new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i')),
      first: firstWord(names[0] ?? ''),
    };
  });
  // Testing every name's pattern against every unlisted drug's text cost more than the rest of the
  // record's index. A name that matches starts at a word of the text equal to its own first word
  // (both are ASCII word runs, compared in lower case as /i does), so only names whose first word
  // the text holds are tested; a name that begins with another character is always tested.
  const byFirstWord = new Map<string, number[]>();
  const alwaysTested: number[] = [];
  ingredientNames.forEach(({ first }, i) => {
    if (first === undefined) alwaysTested.push(i);
    else byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), i]);
  });
  const namedIn = (text: string): string[] => {
    const candidates = new Set(alwaysTested);
    for (const word of text.match(WORD_RUNS) ?? [])
      for (const i of byFirstWord.get(word.toLowerCase()) ?? []) candidates.add(i);
    return [...candidates]
      .sort((a, b) => a - b)
      .map((i) => ingredientNames[i] as (typeof ingredientNames)[number])
      .filter((i) => i.patterns.every((p) => p.test(text)))
      .map((i) => i.rxcui);
  };

  const unions = new Map<string, CodeMatcher>();
  const get = (key: string): CodeMatcher => {
    const m = matchers.get(key);
    if (!m) throw new Error(`Unknown code set "${key}"`);
    return m;
  };

  return {
    size,
    aliasOf: (uri) => (uri ? (aliases[uri] ?? uri) : ''),
    set: get,
    union(keys, minus = []) {
      const id = `${keys.join('+')}-${minus.join('-')}`;
      let m = unions.get(id);
      if (!m) {
        m = new UnionMatcher(id, keys.map(get), minus.map(get));
        unions.set(id, m);
      }
      return m;
    },
    ingredient: (rxcui) => data.ingredients[rxcui],
    antihypertensiveClasses(rxcui) {
      const direct = data.antihypertensive[rxcui];
      if (direct) return direct.split('|');
      return (data.ingredients[rxcui]?.k ?? []).filter(
        (k) => !k.includes(':') && !/insulin|sulfonylurea|meglitinide/.test(k),
      );
    },
    antithrombotic(rxcui) {
      const row = data.antithrombotic[rxcui];
      if (row) return { cls: row[0], flags: row[1] ? row[1].split('|') : [], with: row[2] };
      const cls = data.ingredients[rxcui]?.k.find(
        (k) => k.startsWith('antiplatelet:') || k.startsWith('anticoagulant:'),
      );
      return cls ? { cls, flags: [], with: [] } : undefined;
    },
    hypoglycemicClass(rxcui) {
      return (
        data.hypoglycemic[rxcui] ??
        data.ingredients[rxcui]?.k.find((k) => /^(insulin|sulfonylurea|meglitinide)$/.test(k))
      );
    },
    nameOf(uri, code) {
      const system = uri ? (aliases[uri] ?? uri) : '';
      const c = normalizeCode(system, code);
      const ingredient = system === 'rxnorm' ? data.ingredients[c]?.n : undefined;
      if (ingredient) return { name: ingredient, exact: true };
      let best: { n: string; size: number } | undefined;
      for (const [key, set] of Object.entries(data.sets)) {
        if (!set.n || !matchers.get(key)?.has(system, c)) continue;
        const count =
          split(set.c?.[system as SystemAlias]).length + split(set.p?.[system as SystemAlias]).length;
        if (!best || count < best.size) best = { n: set.n, size: count };
      }
      return best ? { name: listName(best.n), exact: false } : undefined;
    },
    unverified: (key) => new Set(split(data.sets[key]?.u)),
    knowsRxnorm: (rxcui) => knownRx.has(rxcui),
    ingredientsNamedIn: namedIn,
  };
}

/**
 * Dev-time compiler: clinical/codes/*.csv → src/core/prompts/codes.generated.json.
 *
 *   npx tsx scripts/compile-codes.ts [--codes /work/shared/clinical/codes] [--out src/core/prompts/codes.generated.json]
 *
 * The app, the CLI and the tests only ever read the generated JSON (through src/core/prompts/codes.ts);
 * the CSV folder is reference material that is not shipped. The output is deterministic (sorted) so a
 * re-run without CSV changes produces no diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CompiledCodes, CompiledIngredient, CompiledSet, SystemAlias } from '../src/core/prompts/codes';
import { normalizeCode } from '../src/core/prompts/codes';

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? (args[at + 1] as string) : fallback;
}
const codesDir = resolve(option('--codes', '/work/shared/clinical/codes'));
const outFile = resolve(option('--out', 'src/core/prompts/codes.generated.json'));

const SYSTEM_ALIASES: Record<string, SystemAlias> = {
  'http://snomed.info/sct': 'sct',
  'http://hl7.org/fhir/sid/icd-10-cm': 'icd10cm',
  'http://www.cms.gov/Medicare/Coding/ICD10': 'icd10pcs',
  'http://loinc.org': 'loinc',
  'http://www.nlm.nih.gov/research/umls/rxnorm': 'rxnorm',
  'http://www.ama-assn.org/go/cpt': 'cpt',
  // §0.4: VSAC uses both HCPCS URIs; one alias so a code matches whichever the EHR sends.
  'http://www.nlm.nih.gov/research/umls/hcpcs': 'hcpcs',
  'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets': 'hcpcs',
  'http://hl7.org/fhir/us/pco/CodeSystem/pco-concepts-temporary': 'pco',
  'http://hl7.org/fhir/us/pco/CodeSystem/pco-goal-domains-temporary': 'pcodomain',
};

/** RFC 4180 reader: quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function readCsv(name: string): Record<string, string>[] {
  return parseCsv(readFileSync(join(codesDir, name), 'utf8'));
}

function alias(system: string): SystemAlias {
  const a = SYSTEM_ALIASES[system];
  if (!a) throw new Error(`Unknown code system in CSV: ${system}`);
  return a;
}

/** Mutable builder for one set: exact codes and prefixes per system, plus the codes marked unverified. */
interface SetBuilder {
  name?: string;
  exact: Map<SystemAlias, Set<string>>;
  prefix: Map<SystemAlias, Set<string>>;
  unverified: Set<string>;
}
const sets = new Map<string, SetBuilder>();
function setFor(key: string): SetBuilder {
  let s = sets.get(key);
  if (!s) {
    s = { exact: new Map(), prefix: new Map(), unverified: new Set() };
    sets.set(key, s);
  }
  return s;
}
function add(s: SetBuilder, kind: 'exact' | 'prefix', sys: SystemAlias, code: string): void {
  const m = s[kind];
  let codes = m.get(sys);
  if (!codes) m.set(sys, (codes = new Set()));
  codes.add(normalizeCode(sys, code));
}

/**
 * "B20-B24", "Z85.40-Z85.44", "45330-45345", "G0104-G0106", "O00-O9A": the ranges in extra_codes.csv
 * all differ only in a trailing run of digits (O9A closes ICD-10-CM chapter O after O99).
 */
function expandRange(from: string, to: string): string[] {
  const a = from.replace(/\./g, '');
  const b = to.replace(/\./g, '');
  const letterEnd = /^(.*\d)([A-Z])$/.exec(b);
  const upper = letterEnd ? (letterEnd[1] as string).padEnd(a.length, '9') : b;
  let k = 0;
  while (k < a.length && a[k] === upper[k]) k++;
  const head = a.slice(0, k);
  const lo = a.slice(k);
  const hi = upper.slice(k);
  if (!/^\d+$/.test(lo) || !/^\d+$/.test(hi) || lo.length !== hi.length) {
    throw new Error(`Cannot expand range ${from}-${to}`);
  }
  const out: string[] = [];
  for (let n = Number(lo); n <= Number(hi); n++) out.push(head + String(n).padStart(lo.length, '0'));
  if (letterEnd) out.push(b);
  return out;
}

/** One extra_codes.csv `code` cell → list of codes or prefixes (ranges expanded, `*` dropped). */
function expandCell(cell: string, sys: SystemAlias): string[] {
  // LOINC codes contain a dash ("62292-8") and are never ranges.
  if (sys === 'loinc') return [cell.trim()];
  return cell
    .split(';')
    .map((part) => part.trim().replace(/\*$/, ''))
    .filter(Boolean)
    .flatMap((part) => {
      const m = /^([A-Z0-9.]+)-([A-Z0-9.]+)$/.exec(part);
      return m ? expandRange(m[1] as string, m[2] as string) : [part];
    });
}

// 1. VSAC expansions, keyed by OID: the same value set serves several rules (e.g. Frailty in R4/R5/R8).
for (const r of readCsv('valueset_members.csv')) {
  const s = setFor(r.vs_oid as string);
  s.name = r.vs_name;
  add(s, 'exact', alias(r.system as string), r.code as string);
}

// 2. Non-VSAC codes, keyed by `rule:role` exactly as written in the CSV.
const extraRows = readCsv('extra_codes.csv');
for (const r of extraRows) {
  if (r.rule_id === 'ING') continue;
  const s = setFor(`${r.rule_id}:${r.role}`);
  const sys = alias(r.system as string);
  const kind = (r.match as string).startsWith('prefix') ? 'prefix' : 'exact';
  for (const code of expandCell(r.code as string, sys)) {
    add(s, kind, sys, code);
    if (/UNVERIFIED/i.test(r.verification_status as string)) s.unverified.add(code);
  }
}

/**
 * Codes the rule text (value-care-rules.md) names directly but the CSVs do not carry. Each entry cites
 * the section; `u` marks the spec's own "U" (unverified) status. Kept here, in the compiler, so the
 * engine still gets every code as data.
 */
const SPEC_DIRECT: {
  key: string;
  sys: SystemAlias;
  kind: 'exact' | 'prefix';
  codes: string[];
  u?: boolean;
}[] = [
  { key: 'spec:R1:I22.2', sys: 'icd10cm', kind: 'exact', codes: ['I22.2'] }, // R1 trigger "single code" (CMS347)
  // §14 D4: haemorrhagic stroke and sequelae never trigger R1/R2 (I69.0–I69.2 also in extra_codes R2).
  {
    key: 'spec:D4:hemorrhagic',
    sys: 'icd10cm',
    kind: 'prefix',
    codes: ['I60', 'I61', 'I62', 'I69.0', 'I69.1', 'I69.2'],
  },
  { key: 'spec:D4:hemorrhagic', sys: 'sct', kind: 'exact', codes: ['5571000124103'] },
  // R4 risk amplifiers (§R4 "U").
  {
    key: 'spec:R4:hypoglycemia-event',
    sys: 'icd10cm',
    kind: 'prefix',
    codes: ['E16.0', 'E16.1', 'E16.2', 'E11.649', 'E11.641', 'E10.649'],
    u: true,
  },
  // "CKD stage 4–5" (R4 amplifier, R5 risk flag); ESRD itself comes from the ESRD value set.
  { key: 'spec:CKD45', sys: 'icd10cm', kind: 'prefix', codes: ['N18.4', 'N18.5', 'N18.6'], u: true },
  // R5 "do not count toward class total" (§R5 "U").
  { key: 'spec:R5:hfref', sys: 'icd10cm', kind: 'prefix', codes: ['I50.2'], u: true },
  { key: 'spec:R5:heart-failure', sys: 'icd10cm', kind: 'prefix', codes: ['I50'], u: true },
  { key: 'spec:R5:atrial-fibrillation', sys: 'icd10cm', kind: 'prefix', codes: ['I48'], u: true },
  { key: 'spec:R5:bph', sys: 'icd10cm', kind: 'prefix', codes: ['N40'], u: true },
  // R5 readings: positions of the systolic value set members, and diastolic 8462-4 (CMS165 direct code).
  { key: 'spec:R5:sbp-standing', sys: 'loinc', kind: 'exact', codes: ['8460-8'] },
  { key: 'spec:R5:sbp-sitting-supine', sys: 'loinc', kind: 'exact', codes: ['8459-0', '8461-6'] },
  { key: 'spec:R5:dbp', sys: 'loinc', kind: 'exact', codes: ['8462-4'] },
  // R6: cervical/thoracic codes stay in the measure list but are dropped for the LBP prompt (§R6).
  {
    key: 'spec:R6:not-lumbar',
    sys: 'cpt',
    kind: 'exact',
    codes: ['72052', '72141', '72142', '72146', '72147', '72156', '72157'],
  },
  // §14 D14: COPD is a comorbid exclusion for R7.
  { key: 'spec:R7:copd', sys: 'icd10cm', kind: 'prefix', codes: ['J44'] },
  { key: 'spec:R7:copd', sys: 'sct', kind: 'exact', codes: ['13645005'] },
  // R8b exclusions (§R8b "U").
  { key: 'spec:R8b:history', sys: 'icd10cm', kind: 'prefix', codes: ['Z86.010', 'K50', 'K51'], u: true },
  { key: 'spec:R8b:workup', sys: 'icd10cm', kind: 'prefix', codes: ['K62.5', 'D50'], u: true },
  // R9c variant 1 risk-factor observations (CMS249 direct LOINC codes) and variant 2 cancer exclusion.
  { key: 'spec:R9c:bmi', sys: 'loinc', kind: 'exact', codes: ['39156-5'] },
  { key: 'spec:R9c:alcohol', sys: 'loinc', kind: 'exact', codes: ['74013-4'] },
  {
    key: 'spec:R9c:risk-tool',
    sys: 'loinc',
    kind: 'exact',
    codes: ['90265-0', '98133-2', '98139-9', '98146-4'],
  },
  { key: 'spec:R9c:cancer', sys: 'icd10cm', kind: 'prefix', codes: ['C00-C96', 'D00-D09', 'D37-D49'] },
];
for (const d of SPEC_DIRECT) {
  const s = setFor(d.key);
  for (const code of d.codes.flatMap((c) => expandCell(c, d.sys))) {
    add(s, d.kind, d.sys, code);
    if (d.u) s.unverified.add(code);
  }
}

// 3. Drug tables. Their rows also join the set of their source value set, which creates the sets the
// member CSV lacks (e.g. prasugrel's Pharmacological Contraindications …1110.52).
for (const file of [
  'antihypertensive_class_map.csv',
  'antithrombotic_agents.csv',
  'hypoglycemia_risk_agents.csv',
]) {
  for (const r of readCsv(file))
    add(setFor(r.source_vs_oid as string), 'exact', 'rxnorm', r.rxnorm_code as string);
}

const antihypertensive: Record<string, string> = {};
for (const r of readCsv('antihypertensive_class_map.csv'))
  antihypertensive[r.rxnorm_code as string] = r.classes as string;

/** Ingredient names of an RxNorm SCD/SBD display: "24 HR metoprolol succinate 50 MG …" → ["metoprolol succinate"]. */
function productIngredients(display: string): string[] {
  return display
    .toLowerCase()
    .replace(/^\{\d+ \(/, '')
    .replace(/\[[^\]]*\]/g, '')
    .split(' / ')
    .map((part) =>
      part
        .replace(/^(\d+(\.\d+)? (hr|ml|actuat|unt)\s+)+/i, '')
        .replace(/\s+\d.*$/, '')
        .trim(),
    );
}

const antithrombotic: Record<string, [string, string, string[]]> = {};
for (const r of readCsv('antithrombotic_agents.csv')) {
  const flags = [
    /analgesic combination/i.test(r.flag as string) ? 'analgesic-combination' : '',
    /parenteral/i.test(`${r.class} ${r.flag}`) ? 'parenteral' : '',
    /contraindicated/i.test(r.flag as string) ? 'contraindicated-after-stroke' : '',
  ].filter(Boolean);
  const ingredients = productIngredients(r.display as string);
  antithrombotic[r.rxnorm_code as string] = [
    (r.class as string).replace(/,.*$/, '') || 'antiplatelet:prasugrel',
    flags.join('|'),
    ingredients,
  ];
}

const hypoglycemic: Record<string, string> = {};
for (const r of readCsv('hypoglycemia_risk_agents.csv')) {
  if (r.include === 'Y') hypoglycemic[r.rxnorm_code as string] = r.class as string;
}

/**
 * Ingredient-level matching (§0.5 "normalise to ingredient"): an ingredient RxCUI joins every
 * medication value set that holds a product made of that ingredient alone (or of exactly the listed
 * ingredients, for sulfamethoxazole / trimethoprim), and inherits those products' drug classes.
 */
const productDisplays = new Map<string, { oid: string; parts: string[] }[]>();
function noteProduct(oid: string, code: string, display: string): void {
  const list = productDisplays.get(code) ?? [];
  list.push({ oid, parts: productIngredients(display) });
  productDisplays.set(code, list);
}
for (const r of readCsv('valueset_members.csv')) {
  if (r.system === 'http://www.nlm.nih.gov/research/umls/rxnorm')
    noteProduct(r.vs_oid as string, r.code as string, r.display as string);
}
for (const r of readCsv('antihypertensive_class_map.csv'))
  noteProduct(r.source_vs_oid as string, r.rxnorm_code as string, r.display as string);
for (const r of readCsv('antithrombotic_agents.csv'))
  noteProduct(r.source_vs_oid as string, r.rxnorm_code as string, r.display as string);

/**
 * Classes for ingredients that no single-ingredient product in the lists carries, taken from the rule
 * text: R2 names dipyridamole and cilostazol as antiplatelets; R5's VSAC ingredient sets put sotalol and
 * esmolol with the beta-blockers and sacubitril with ACEi/ARB/ARNI; R4 counts every insulin.
 */
const CLASS_BY_NAME: Record<string, string> = {
  dipyridamole: 'antiplatelet:dipyridamole',
  cilostazol: 'antiplatelet:cilostazol',
  sotalol: 'beta_blocker',
  esmolol: 'beta_blocker',
  sacubitril: 'ARNI',
  'insulin aspart': 'insulin',
};

const ingredients: Record<string, CompiledIngredient> = {};
for (const r of extraRows) {
  if (r.rule_id !== 'ING') continue;
  const name = (r.display as string)
    .replace(/\s*\(.*$/, '')
    .toLowerCase()
    .trim();
  const wanted = name.split(' / ').map((s) => s.trim());
  const memberOf = new Set<string>();
  const classes = new Set<string>();
  for (const [code, entries] of productDisplays) {
    for (const e of entries) {
      const matches =
        e.parts.length === wanted.length &&
        wanted.every((w) => e.parts.some((p) => p === w || p.startsWith(`${w} `)));
      if (!matches) continue;
      memberOf.add(e.oid);
      for (const c of (antihypertensive[code] ?? '').split('|').filter(Boolean)) classes.add(c);
      const at = antithrombotic[code];
      if (at) classes.add(at[0]);
      const hg = hypoglycemic[code];
      if (hg) classes.add(hg);
    }
  }
  const named = CLASS_BY_NAME[name];
  if (named && classes.size === 0) classes.add(named);
  ingredients[r.code as string] = {
    n: name,
    v: /UNVERIFIED/i.test(r.verification_status as string)
      ? 'U'
      : /CORROBORATED/i.test(r.verification_status as string)
        ? 'C'
        : 'V',
    s: [...memberOf].sort(),
    k: [...classes].sort(),
  };
}

// 4. Serialise compactly: space-joined sorted code lists per system.
function joinSorted(codes: Set<string> | undefined): string {
  return [...(codes ?? [])].sort().join(' ');
}
const compiledSets: Record<string, CompiledSet> = {};
for (const key of [...sets.keys()].sort()) {
  const s = sets.get(key) as SetBuilder;
  const out: CompiledSet = {};
  if (s.name) out.n = s.name;
  if (s.exact.size)
    out.c = Object.fromEntries([...s.exact.keys()].sort().map((sys) => [sys, joinSorted(s.exact.get(sys))]));
  if (s.prefix.size)
    out.p = Object.fromEntries(
      [...s.prefix.keys()].sort().map((sys) => [sys, joinSorted(s.prefix.get(sys))]),
    );
  if (s.unverified.size) out.u = joinSorted(s.unverified);
  compiledSets[key] = out;
}

const compiled: CompiledCodes = {
  format: 1,
  source:
    'clinical/codes/*.csv (VSAC expansions 2025-01-10; extra_codes; drug maps) + spec direct codes in scripts/compile-codes.ts',
  systems: Object.fromEntries(Object.entries(SYSTEM_ALIASES).map(([uri, a]) => [uri, a])),
  sets: compiledSets,
  ingredients,
  antihypertensive,
  antithrombotic,
  hypoglycemic,
};

const json = `${JSON.stringify(compiled)}\n`;
writeFileSync(outFile, json);
let total = 0;
for (const s of sets.values()) for (const c of [...s.exact.values(), ...s.prefix.values()]) total += c.size;
console.log(
  `${outFile}: ${sets.size} sets, ${total} set members, ${json.length} bytes, ${gzipSync(json).length} bytes gzipped`,
);

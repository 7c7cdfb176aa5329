/** Shared by the browser tests: the sandbox's addresses, launches, knobs, and what the fixtures hold. */
import { expect, type Page } from '@playwright/test';
import type { Bundle, Condition, FhirResource, Patient } from 'fhir/r4';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { personName } from '../../src/core/record/display';

export const SANDBOX = 'http://localhost:8080';
export const FHIR_BASE = `${SANDBOX}/fhir`;
export const APP_LAUNCH = 'http://localhost:5173/launch/';

export function launcherUrl(
  role: 'clinician' | 'patient',
  patient: string,
  extra: Record<string, string> = {},
): string {
  const q = new URLSearchParams({ role, patient, launch_uri: APP_LAUNCH, ...extra });
  return `${SANDBOX}/launcher?${q}`;
}

export async function resetSandbox(): Promise<void> {
  const res = await fetch(`${SANDBOX}/sandbox/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  if (!res.ok) throw new Error(`sandbox reset answered ${res.status}`);
}

export async function setKnobs(knobs: Record<string, number>): Promise<void> {
  const res = await fetch(`${SANDBOX}/sandbox/knobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(knobs),
  });
  if (!res.ok) throw new Error(`sandbox knobs answered ${res.status}`);
}

function bundleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return bundleFiles(p);
    return f.endsWith('.json') && !f.startsWith('_') ? [p] : [];
  });
}

export interface FixturePatient {
  id: string;
  name: string;
  /** Problem texts the app should list as current. */
  activeProblems: string[];
}

/** Reads the fixture bundles the sandbox loads, so tests know what each patient's screen must show. */
export function fixturePatients(
  dir = fileURLToPath(new URL('../../fhir-fixtures', import.meta.url)),
): FixturePatient[] {
  const patients = new Map<string, FixturePatient>();
  const conditions: Condition[] = [];
  for (const file of bundleFiles(dir)) {
    let bundle: Bundle;
    try {
      bundle = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
    } catch {
      continue;
    }
    if (bundle.resourceType !== 'Bundle') continue;
    const fullUrlIds = new Map<string, string>();
    for (const e of bundle.entry ?? []) {
      if (e.fullUrl && e.resource?.id)
        fullUrlIds.set(e.fullUrl, `${e.resource.resourceType}/${e.resource.id}`);
    }
    for (const e of bundle.entry ?? []) {
      const r = e.resource;
      if (r?.resourceType === 'Patient' && r.id) {
        patients.set(r.id, { id: r.id, name: personName(r as Patient) ?? '', activeProblems: [] });
      }
      if (r?.resourceType === 'Condition') {
        const ref = r.subject.reference ?? '';
        conditions.push({ ...r, subject: { reference: fullUrlIds.get(ref) ?? ref } });
      }
    }
  }
  for (const c of conditions) {
    const id = c.subject.reference?.replace(/^Patient\//, '') ?? '';
    const status = c.clinicalStatus?.coding?.[0]?.code;
    const text = c.code?.text ?? c.code?.coding?.[0]?.display;
    if (text && (status === 'active' || status === 'recurrence' || status === 'relapse')) {
      patients.get(id)?.activeProblems.push(text);
    }
  }
  return [...patients.values()];
}

/**
 * A FHIR call with the access token the app holds in this tab (fhirclient keeps its state in
 * sessionStorage), so a test can check what the app wrote as the app's own user sees it.
 */
export async function pageFhir(
  page: Page,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  opts: { body?: unknown; ifMatch?: string } = {},
): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ base, method, path, body, ifMatch }) => {
      const key = JSON.parse(sessionStorage.getItem('SMART_KEY') ?? '""') as string;
      const state = JSON.parse(sessionStorage.getItem(key) ?? '{}') as {
        tokenResponse?: { access_token?: string };
      };
      const headers: Record<string, string> = {
        authorization: `Bearer ${state.tokenResponse?.access_token ?? ''}`,
        accept: 'application/fhir+json',
      };
      if (body !== undefined) headers['content-type'] = 'application/fhir+json';
      if (ifMatch !== undefined) headers['if-match'] = ifMatch;
      const res = await fetch(`${base}/${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        cache: 'no-store',
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    { base: FHIR_BASE, method, path, body: opts.body, ifMatch: opts.ifMatch },
  );
}

/** {@link pageFhir} that must succeed: its resource. */
export async function pageRead<T = FhirResource>(
  page: Page,
  path: string,
  method: 'GET' | 'POST' | 'PUT' = 'GET',
  body?: unknown,
): Promise<T> {
  const res = await pageFhir(page, method, path, { body });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}`);
  return res.body as T;
}

/** The resources a search finds, with the tab's token. */
export async function pageSearch<T = FhirResource>(page: Page, query: string): Promise<T[]> {
  return ((await pageRead<Bundle>(page, query)).entry ?? []).map((e) => e.resource as T);
}

/** How many resources a search finds (one page), with the tab's token. */
export async function pageCount(page: Page, query: string): Promise<number> {
  return (await pageRead<Bundle>(page, query)).entry?.length ?? 0;
}

/** The e-visit form's current question. */
export const evisitQuestion = (page: Page) => page.locator('.evisit-question');

/** Answers the e-visit's current question, after checking it is the one expected. */
export async function answerEvisit(page: Page, linkId: string, value: string): Promise<void> {
  const q = evisitQuestion(page);
  await expect(q).toHaveAttribute('data-link-id', linkId);
  if (['Yes', 'No', 'Sí'].includes(value)) await q.getByRole('button', { name: value, exact: true }).click();
  else {
    await q.locator('input, textarea').first().fill(value);
    await q.getByRole('button', { name: /^(Next|Siguiente)$/ }).click();
  }
}

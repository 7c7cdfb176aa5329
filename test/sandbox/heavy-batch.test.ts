/**
 * One heavy request must not freeze the sandbox: the heaviest batch the limits allow runs while
 * /metadata keeps answering, and a batch over the limit is refused before any of it runs.
 */
import type { Bundle, OperationOutcome } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BUNDLE_ENTRIES } from '../../sandbox/fhir/handler';
import { MAX_PAGE_SIZE } from '../../sandbox/fhir/search';
import { startSandbox, type RunningSandbox } from '../../sandbox/index';
import { bearer, fullLaunch } from './support/smart-test-client';

let sb: RunningSandbox;
let auth: { authorization: string };

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
    scope: 'launch openid fhirUser user/*.rs',
    patient: 'cg-walter',
  });
  auth = bearer(tokens.json.access_token);
}, 60_000);
afterAll(() => sb?.close());

function searches(count: number): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'batch',
    entry: Array.from({ length: count }, (_, i) => ({
      // Every Observation in the sandbox, as big a page as a client may ask for; half sorted.
      request: { method: 'GET', url: `Observation?_count=${MAX_PAGE_SIZE}${i % 2 ? '&_sort=-date' : ''}` },
    })),
  };
}

function postBatch(bundle: Bundle): Promise<Response> {
  return fetch(sb.fhirBaseUrl, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/fhir+json' },
    body: JSON.stringify(bundle),
  });
}

async function metadataMs(): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${sb.fhirBaseUrl}/metadata`);
  await res.arrayBuffer();
  expect(res.status).toBe(200);
  return performance.now() - started;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('a heavy batch', () => {
  it('leaves /metadata answering within 20× its idle time while the largest allowed batch runs', async () => {
    const idle: number[] = [];
    for (let i = 0; i < 15; i++) idle.push(await metadataMs());
    const idleMedian = median(idle);

    let done = false;
    const heavy = postBatch(searches(MAX_BUNDLE_ENTRIES)).then(async (res) => {
      const body = (await res.json()) as Bundle;
      done = true;
      return { status: res.status, body };
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const busy: number[] = [];
    while (!done && busy.length < 40) busy.push(await metadataMs());
    const result = await heavy;

    expect(busy.length, 'the batch finished before /metadata could be measured under load').toBeGreaterThan(
      3,
    );
    expect(Math.max(...busy)).toBeLessThan(20 * idleMedian);
    expect(result.status).toBe(200);
    expect(result.body.entry).toHaveLength(MAX_BUNDLE_ENTRIES);
    const first = result.body.entry?.[0]?.resource as Bundle;
    expect(first.entry?.length).toBeLessThanOrEqual(MAX_PAGE_SIZE);
    expect((first.total ?? 0) > MAX_PAGE_SIZE ? first.link?.some((l) => l.relation === 'next') : true).toBe(
      true,
    );
  }, 120_000);

  it('refuses a batch over the entry limit at once, with an OperationOutcome', async () => {
    const started = performance.now();
    const res = await postBatch(searches(MAX_BUNDLE_ENTRIES + 1));
    const outcome = (await res.json()) as OperationOutcome;
    expect(res.status).toBe(413);
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]?.diagnostics).toContain(String(MAX_BUNDLE_ENTRIES));
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('caps _count and links to the rest, so a client asking for more still reads everything', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/Observation?_count=${MAX_PAGE_SIZE * 5}`, { headers: auth });
    const page = (await res.json()) as Bundle;
    expect(page.entry).toHaveLength(MAX_PAGE_SIZE);
    expect(page.total).toBeGreaterThan(MAX_PAGE_SIZE);
    const next = page.link?.find((l) => l.relation === 'next')?.url;
    expect(next).toContain(`_count=${MAX_PAGE_SIZE}`);
    const rest = (await (await fetch(next!, { headers: auth })).json()) as Bundle;
    expect(rest.entry?.length).toBeGreaterThan(0);
  });
});

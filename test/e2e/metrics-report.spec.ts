// The metrics report as a quality team opens it: one local file, no network, every chart with a
// text alternative that says what the chart shows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { metricsOfExport } from '../../analytics/metrics/pipeline';
import { reportHtml } from '../../analytics/metrics/report-html';
import { generatePopulation } from '../../analytics/population/generate';

let dir: string;
let page: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'cg-report-'));
  const exportDir = join(dir, 'export');
  await generatePopulation({ patients: 30, out: exportDir, seed: 'e2e', date: '2026-12-01' });
  const report = await metricsOfExport(exportDir, { from: '2025-12-02', to: '2026-12-01', workers: 0 });
  page = join(dir, 'report.html');
  writeFileSync(page, reportHtml(report, '2026-12-01 12:00'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the report opens from disk without the network and its charts say what they show', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const requests: string[] = [];
  tab.on('request', (r) => requests.push(r.url()));
  await tab.goto(pathToFileURL(page).href);
  await expect(tab.getByRole('heading', { level: 1, name: 'Population metrics' })).toBeVisible();

  const trend = tab.getByRole('img', { name: /^patients: monthly trend/ });
  await expect(trend).toBeVisible();
  // The description reads every month with its rate and counts.
  const desc = await trend.locator('desc').textContent();
  expect(desc).toMatch(/^2025-12: [\d.]+ % \(\d+ of 30\);/);
  expect(desc?.split(';')).toHaveLength(13);

  const bySex = tab.getByRole('img', { name: 'patients by Sex' });
  await expect(bySex.locator('desc')).toHaveText(
    /(female|male): (suppressed \(fewer than 11\)|[\d.]+ %, \d+ of \d+, 95% CI)/,
  );
  expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
  await context.close();
});

import { describe, expect, it } from 'vitest';
import { parseMetricsArgs, reportCsv, yearBefore } from '../../analytics/metrics/cli';
import { METRICS } from '../../analytics/metrics/definitions';
import { suppress, wilson } from '../../analytics/metrics/stats';
import { readdirSync } from 'node:fs';

const cell = (value: string, denominator: number, numerator = 0) => ({
  value,
  numerator,
  denominator,
  rate: denominator ? numerator / denominator : null,
});

describe('small-cell suppression', () => {
  it('hides cells under 11 and keeps the rest', () => {
    const out = suppress([cell('a', 10, 2), cell('b', 11, 3), cell('c', 30), cell('d', 4)]);
    expect(out.map((c) => [c.value, c.suppressed])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
      ['d', true],
    ]);
    expect(out[0]).toEqual({ value: 'a', numerator: null, denominator: null, rate: null, suppressed: true });
    expect(out[1]).toMatchObject({ numerator: 3, denominator: 11 });
  });

  it('hides the next-smallest cell when exactly one would be hidden', () => {
    const out = suppress([cell('big', 50), cell('small', 3), cell('mid', 20), cell('next', 12)]);
    expect(
      out
        .filter((c) => c.suppressed)
        .map((c) => c.value)
        .sort(),
    ).toEqual(['next', 'small']);
  });

  it('leaves a breakdown with nothing small alone', () => {
    expect(suppress([cell('a', 11), cell('b', 40)]).some((c) => c.suppressed)).toBe(false);
  });
});

describe('Wilson 95 % interval', () => {
  it('matches the textbook values', () => {
    const ci = wilson(5, 10);
    expect(ci?.low).toBeCloseTo(0.2366, 3);
    expect(ci?.high).toBeCloseTo(0.7634, 3);
    expect(wilson(0, 20)?.low).toBe(0);
    expect(wilson(0, 0)).toBeNull();
  });
});

describe('metrics command line and catalogue', () => {
  it('defaults to the 12 months before --date and refuses a bad date', () => {
    expect(parseMetricsArgs(['export'], '2026-12-01')).toMatchObject({
      folder: 'export',
      from: '2025-12-02',
      to: '2026-12-01',
    });
    expect(yearBefore('2024-02-29')).toBe('2023-03-02');
    expect(parseMetricsArgs(['x', '--date', '2026-02-30'], '2026-12-01')).toMatch(/--date needs a date/);
    expect(parseMetricsArgs(['x', '--format', 'xml'], '2026-12-01')).toMatch(/json or csv/);
    expect(parseMetricsArgs(['x', '--from', '2027-01-01', '--date', '2026-01-01'], '2026-12-01')).toMatch(
      /after/,
    );
  });

  it('has the issue’s metric ids, each with its SQL file, numerator and denominator', () => {
    expect(METRICS.map((m) => m.id)).toEqual([
      'patients',
      'what-matters-documented',
      'one-thing-documented',
      'goals-agreed',
      'goal-follow-up',
      'shared-plan',
      'agenda-addressed',
      'prompts-fired',
      'prompts-accepted',
      'prompts-declined',
      'underuse-gap',
      'overuse-per-100',
      'collaborate-top-box',
      'decision-aid-shown',
    ]);
    const files = readdirSync(new URL('../../analytics/metrics/', import.meta.url));
    for (const m of METRICS) {
      expect(files).toContain(`${m.id}.sql`);
      expect(m.numerator && m.denominator).toBeTruthy();
    }
  });

  it('writes CSV with the JSON’s fields as columns', () => {
    const csv = reportCsv({
      period: { from: '2026-01-01', to: '2026-12-31' },
      metrics: [
        {
          id: 'patients',
          numerator: 2,
          denominator: 3,
          rate: 0.6667,
          strata: [
            {
              by: 'sex',
              value: 'female, trans',
              numerator: null,
              denominator: null,
              rate: null,
              suppressed: true,
            },
          ],
          months: [{ month: '2026-01', numerator: 1, denominator: 3, rate: 0.3333 }],
        },
      ],
    });
    expect(csv.split('\n')).toEqual([
      'id,rule,reason,by,value,month,numerator,denominator,rate,suppressed',
      'patients,,,,,,2,3,0.6667,false',
      'patients,,,sex,"female, trans",,,,,true',
      'patients,,,,,2026-01,1,3,0.3333,false',
      '',
    ]);
  });
});

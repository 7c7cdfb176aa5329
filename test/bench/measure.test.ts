import { describe, expect, it } from 'vitest';
import {
  againstTarget,
  assignWaves,
  countWaves,
  describeWaves,
  median,
  readTwice,
} from '../../bench/measure';

const req = (start: number, end: number, path = '/fhir/x', method = 'GET') => ({
  method,
  path,
  start,
  end,
  status: 200,
});

describe('benchmark arithmetic', () => {
  it('counts concurrent requests as one wave and dependent ones as more', () => {
    expect(countWaves([])).toBe(0);
    expect(countWaves([req(0, 100), req(5, 110), req(8, 90)])).toBe(1);
    expect(countWaves([req(0, 100), req(120, 220), req(130, 200)])).toBe(2);
    expect(countWaves([req(0, 100), req(100, 200), req(200, 300)])).toBe(3);
  });

  it('puts each request in its wave, in start order', () => {
    const waves = assignWaves([
      req(120, 220, '/b'),
      req(0, 100, '/a'),
      req(130, 200, '/c'),
      req(230, 240, '/d'),
    ]);
    expect(waves.map((w) => [w.request.path, w.wave])).toEqual([
      ['/a', 1],
      ['/b', 2],
      ['/c', 2],
      ['/d', 3],
    ]);
  });

  it('names what each wave asked for, counting repeats', () => {
    expect(
      describeWaves([
        req(0, 10, 'app /'),
        req(11, 20, 'app /assets/app-*.js'),
        req(12, 19, 'app /assets/app-*.js'),
        req(21, 130, 'ehr /auth/token', 'POST'),
      ]),
    ).toEqual([
      'wave 1 (0–10 ms): GET app /',
      'wave 2 (11–20 ms): GET app /assets/app-*.js ×2',
      'wave 3 (21–130 ms): POST ehr /auth/token',
    ]);
  });

  it('finds what was read twice, whatever the query', () => {
    expect(
      readTwice([
        req(0, 1, 'ehr /fhir/.well-known/smart-configuration'),
        req(2, 3, 'ehr /fhir/.well-known/smart-configuration?x=1'),
        req(4, 5, 'ehr /fhir', 'POST'),
        req(6, 7, 'ehr /fhir', 'POST'),
        req(8, 9, 'app /config.json'),
      ]),
    ).toEqual(['GET ehr /fhir/.well-known/smart-configuration ×2']);
  });

  it('counts neither a copy from the browser cache nor two files of one family as reads twice', () => {
    expect(
      readTwice([
        { ...req(0, 1, 'app /assets/app-*.js'), exact: 'app /assets/app-D0kZXM2O.js' },
        { ...req(2, 3, 'app /assets/app-*.js'), exact: 'app /assets/app-DwJx4Cy7.js' },
        { ...req(4, 4, 'app /assets/app-*.js'), exact: 'app /assets/app-D0kZXM2O.js', cached: true },
        { ...req(5, 6, 'app /assets/en-*.js'), exact: 'app /assets/en-CpQNmEbR.js' },
        { ...req(7, 9, 'app /assets/en-*.js'), exact: 'app /assets/en-CpQNmEbR.js' },
      ]),
    ).toEqual(['GET app /assets/en-CpQNmEbR.js ×2']);
  });

  it('prints a figure beside its target with the ratio', () => {
    expect(againstTarget(6.4, 8, 'bare round trips')).toBe(
      '6.4 bare round trips (target ≤ 8 bare round trips, ratio 0.80)',
    );
    expect(againstTarget(112.3, 100, 'kB')).toBe('112.3 kB (target ≤ 100 kB, ratio 1.12)');
  });

  it('takes the median', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

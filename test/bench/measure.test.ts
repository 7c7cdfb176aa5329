import { describe, expect, it } from 'vitest';
import { countWaves, median } from '../../bench/measure';

const req = (start: number, end: number) => ({ method: 'GET', path: '/fhir/x', start, end, status: 200 });

describe('benchmark arithmetic', () => {
  it('counts concurrent requests as one wave and dependent ones as more', () => {
    expect(countWaves([])).toBe(0);
    expect(countWaves([req(0, 100), req(5, 110), req(8, 90)])).toBe(1);
    expect(countWaves([req(0, 100), req(120, 220), req(130, 200)])).toBe(2);
    expect(countWaves([req(0, 100), req(100, 200), req(200, 300)])).toBe(3);
  });

  it('takes the median', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

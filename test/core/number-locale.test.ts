import { describe, expect, it } from 'vitest';
import { formatNumber, numberLocale } from '../../src/core/text/locale';

describe('numbers in each language', () => {
  it('writes Spanish numbers as US Spanish does, the way the app’s own sentences write them', () => {
    expect(numberLocale('es')).toBe('es-US');
    expect(formatNumber(37.8, 'es')).toBe('37.8');
    expect(formatNumber(5646, 'es')).toBe('5,646');
    expect(formatNumber(1000, 'es', { useGrouping: 'always' })).toBe('1,000');
    expect(formatNumber(1000, 'en', { useGrouping: 'always' })).toBe('1,000');
  });
});

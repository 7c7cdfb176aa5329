import { describe, expect, it, vi } from 'vitest';
import { formatDate } from '../../src/ui/format';

describe('formatDate', () => {
  it('shows a FHIR date as the calendar day it names, at its own precision, in the language asked', () => {
    expect(formatDate('1957-12-26', 'en')).toBe('Dec 26, 1957');
    expect(formatDate('1957-12-26', 'es')).toBe('26 dic 1957');
    expect(formatDate('2020-05', 'en')).toBe('May 2020');
    expect(formatDate('2020', 'es')).toBe('2020');
    expect(formatDate('2024-03-01T23:30:00-08:00', 'en')).toBe('Mar 1, 2024');
    expect(formatDate('not a date', 'en')).toBe('not a date');
    expect(formatDate(undefined, 'en')).toBeUndefined();
  });

  it('builds one formatter per language and precision, however many dates a long record has', () => {
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    for (let i = 0; i < 500; i++) {
      formatDate(`2001-02-${String((i % 28) + 1).padStart(2, '0')}`, 'pt');
      formatDate('2001-02', 'pt');
    }
    expect(formatDate('2001-02-03', 'pt')).toBe('3 de fev. de 2001');
    expect(built.mock.calls.length).toBeLessThanOrEqual(2);
    built.mockRestore();
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, findServer, parseConfig } from '../../src/core/smart/config';

describe('config.json', () => {
  const config = parseConfig({
    servers: [{ iss: 'https://ehr.example.org/fhir/', clientId: 'abc', name: 'Example' }],
  });

  it('matches iss with or without a trailing slash, and nothing else', () => {
    expect(findServer(config, 'https://ehr.example.org/fhir')?.clientId).toBe('abc');
    expect(findServer(config, 'https://ehr.example.org/fhir/')?.clientId).toBe('abc');
    expect(findServer(config, 'https://ehr.example.org/fhir-other')).toBeUndefined();
    expect(findServer(config, 'https://ehr.example.org.evil.test/fhir')).toBeUndefined();
  });

  it('rejects shapes an integrator could get wrong, saying which entry', () => {
    expect(() => parseConfig({})).toThrow(ConfigError);
    expect(() => parseConfig({ servers: [{ iss: 'https://x/fhir' }] })).toThrow(/servers\[0\].*clientId/);
    expect(() => parseConfig({ servers: [{ iss: 'not a url', clientId: 'a' }] })).toThrow(/not a URL/);
    expect(() => parseConfig({ servers: [{ iss: 'http://ehr.example.org/fhir', clientId: 'a' }] })).toThrow(
      /https/,
    );
  });

  it('allows plain http only on localhost (the sandbox)', () => {
    expect(
      parseConfig({ servers: [{ iss: 'http://localhost:8080/fhir', clientId: 'a' }] }).servers,
    ).toHaveLength(1);
  });
});

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

describe('config.json iss prefixes (public test launchers)', () => {
  const config = parseConfig({
    servers: [
      { issPrefix: 'https://launch.smarthealthit.org/v/r4/', clientId: 'smart' },
      { iss: 'https://launch.smarthealthit.org/v/r4/fhir', clientId: 'exact' },
    ],
  });

  it('accepts any FHIR base under the prefix, and answers with the launch’s own base', () => {
    const iss = 'https://launch.smarthealthit.org/v/r4/sim/eyJrIjoiMSJ9/fhir';
    expect(findServer(config, iss)).toMatchObject({ clientId: 'smart', iss });
  });

  it('prefers an exact entry', () => {
    expect(findServer(config, 'https://launch.smarthealthit.org/v/r4/fhir')?.clientId).toBe('exact');
  });

  it('cannot be escaped by another host, dot segments, http, or a query', () => {
    for (const iss of [
      'https://launch.smarthealthit.org.evil.test/v/r4/sim/x/fhir',
      'https://launch.smarthealthit.org/v/r4/../../evil/fhir',
      'http://launch.smarthealthit.org/v/r4/sim/x/fhir',
      'https://launch.smarthealthit.org/v/r4/fhir?x=https://evil.test',
      'https://launch.smarthealthit.org/v/r5/fhir',
    ]) {
      expect(findServer(config, iss), iss).toBeUndefined();
    }
  });

  it('refuses prefixes that would let too much in', () => {
    expect(() =>
      parseConfig({ servers: [{ issPrefix: 'https://launch.smarthealthit.org/', clientId: 'a' }] }),
    ).toThrow(/path ending/);
    expect(() => parseConfig({ servers: [{ issPrefix: 'http://ehr.example/v/', clientId: 'a' }] })).toThrow(
      /https/,
    );
    expect(() => parseConfig({ servers: [{ issPrefix: 'https://ehr.example/v', clientId: 'a' }] })).toThrow(
      /ending/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, findServer, parseConfig, serverOrigins } from '../../src/core/smart/config';

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

  it('refuses a file with no servers list at all', () => {
    expect(() => parseConfig({})).toThrow(ConfigError);
    expect(() => parseConfig(null)).toThrow(ConfigError);
  });

  it('reports each bad entry on its own, saying which and why, and keeps the good ones', () => {
    const mixed = parseConfig({
      servers: [
        { iss: 'https://x.example/fhir' },
        { iss: 'not a url', clientId: 'a' },
        { iss: 'http://ehr.example.org/fhir', clientId: 'a' },
        'oops',
        { iss: 'https://good.example/fhir', clientId: 'good' },
        { iss: 'https://framed.example/fhir', clientId: 'b', frameAncestors: ['https://ehr.example/page'] },
      ],
    });
    expect(mixed.servers.map((s) => s.clientId)).toEqual(['good']);
    expect(mixed.problems).toHaveLength(5);
    expect(mixed.problems[0]).toMatch(/servers\[0\].*clientId/);
    expect(mixed.problems[1]).toMatch(/servers\[1\].*not a URL/);
    expect(mixed.problems[2]).toMatch(/servers\[2\].*https/);
    expect(mixed.problems[3]).toMatch(/servers\[3\] must be an object/);
    expect(mixed.problems[4]).toMatch(/servers\[5\]\.frameAncestors\[0\].*origin/);
    expect(findServer(mixed, 'https://good.example/fhir')?.clientId).toBe('good');
  });

  it('allows plain http on loopback hosts only (localhost, 127.0.0.1, [::1])', () => {
    const local = parseConfig({
      servers: [
        { iss: 'http://localhost:8080/fhir', clientId: 'a' },
        { iss: 'http://127.0.0.1:8080/fhir', clientId: 'b' },
        { iss: 'http://[::1]:8080/fhir', clientId: 'c' },
        { iss: 'http://localhost.evil.test/fhir', clientId: 'd' },
        { iss: 'http://127.0.0.2/fhir', clientId: 'e' },
      ],
    });
    expect(local.servers.map((s) => s.clientId)).toEqual(['a', 'b', 'c']);
    expect(local.problems).toHaveLength(2);
    expect(findServer(local, 'http://[::1]:8080/fhir')?.clientId).toBe('c');
  });

  it('reads the EHR origins that may frame the app, per server and for all', () => {
    const c = parseConfig({
      frameAncestors: ['https://portal.example'],
      servers: [
        {
          iss: 'https://ehr.example/fhir',
          clientId: 'a',
          frameAncestors: ['https://ehr.example', 'http://127.0.0.1:8080'],
          connectOrigins: ['https://auth.ehr.example'],
        },
      ],
    });
    expect(c.frameAncestors).toEqual(['https://portal.example']);
    expect(c.servers[0]).toMatchObject({
      frameAncestors: ['https://ehr.example', 'http://127.0.0.1:8080'],
      connectOrigins: ['https://auth.ehr.example'],
    });
    expect(serverOrigins(c.servers[0]!)).toEqual(['https://ehr.example', 'https://auth.ehr.example']);
    const bad = parseConfig({ frameAncestors: ['http://ehr.example', '*'], servers: [] });
    expect(bad.frameAncestors).toEqual([]);
    expect(bad.problems[0]).toMatch(/frameAncestors\[0\]/);
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
    const problemsOf = (issPrefix: string) =>
      parseConfig({ servers: [{ issPrefix, clientId: 'a' }] }).problems.join();
    expect(problemsOf('https://launch.smarthealthit.org/')).toMatch(/path ending/);
    expect(problemsOf('http://ehr.example/v/')).toMatch(/https/);
    expect(problemsOf('https://ehr.example/v')).toMatch(/ending/);
  });

  it('allows an http prefix on a loopback host, and matches only that scheme and host', () => {
    const local = parseConfig({ servers: [{ issPrefix: 'http://127.0.0.1:9000/sim/', clientId: 'l' }] });
    expect(local.problems).toEqual([]);
    expect(findServer(local, 'http://127.0.0.1:9000/sim/abc/fhir')?.iss).toBe(
      'http://127.0.0.1:9000/sim/abc/fhir',
    );
    expect(findServer(local, 'https://127.0.0.1:9000/sim/abc/fhir')).toBeUndefined();
    expect(findServer(local, 'http://localhost:9000/sim/abc/fhir')).toBeUndefined();
  });
});

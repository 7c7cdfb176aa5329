/** The service's configuration: the allow-list file, and the sandbox-only default it announces. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../cds-hooks/config';

describe('CDS Hooks configuration', () => {
  it('without CDS_HOOKS_CLIENTS trusts only the sandbox EHR, and says so', () => {
    const c = configFromEnv({}, '/srv');
    expect(c.clients).toEqual([
      { iss: 'http://localhost:8080', jwksUrl: 'http://localhost:8080/cds-client/jwks' },
    ]);
    expect(c.clientsSource).toContain('only the embedded sandbox EHR');
    expect(c).toMatchObject({
      port: 8090,
      baseUrl: 'http://localhost:8090',
      feedbackFile: '/srv/cds-hooks-feedback.ndjson',
    });
  });

  it('reads the allow-list file and the base URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cds-config-'));
    writeFileSync(
      join(dir, 'clients.json'),
      JSON.stringify([{ iss: 'https://ehr.example.org', jwksUrl: 'https://ehr.example.org/jwks' }]),
    );
    const c = configFromEnv(
      { CDS_HOOKS_CLIENTS: 'clients.json', CDS_HOOKS_BASE_URL: 'https://cds.example.org/' },
      dir,
    );
    expect(c.clients).toEqual([{ iss: 'https://ehr.example.org', jwksUrl: 'https://ehr.example.org/jwks' }]);
    expect(c.baseUrl).toBe('https://cds.example.org');
  });

  it('refuses an allow-list entry without a JWKS URL, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cds-config-'));
    writeFileSync(join(dir, 'clients.json'), JSON.stringify([{ iss: 'https://ehr.example.org' }]));
    expect(() => configFromEnv({ CDS_HOOKS_CLIENTS: 'clients.json' }, dir)).toThrow('clients.json[0]');
  });
});

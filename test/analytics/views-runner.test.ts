// The DuckDB view runner as the metrics and a user use it: NDJSON folders in, one typed table per
// ViewDefinition out, nothing downloaded, and loud errors for views that cannot be run.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewsCommand } from '../../analytics/views/commands';
import { loadResources, openDatabase, runViews, type ViewDefinition } from '../../analytics/views/runner';
import { REPEAT_MAX_DEPTH } from '../../src/core/views/compile';

const patients = [
  {
    resourceType: 'Patient',
    id: 'p1',
    gender: 'female',
    birthDate: '1950-04-02',
    active: true,
    name: [{ family: 'Lopez', given: ['Rosa', 'Maria'] }],
  },
  { resourceType: 'Patient', id: 'p2', gender: 'male', birthDate: '1988', active: false },
];
const observations = [
  {
    resourceType: 'Observation',
    id: 'o1',
    status: 'final',
    subject: { reference: 'Patient/p1' },
    valueQuantity: { value: 7.5 },
  },
  {
    resourceType: 'Observation',
    id: 'o2',
    status: 'final',
    subject: { reference: 'https://ehr.example.org/fhir/Patient/p2/_history/3' },
    valueQuantity: { value: 9 },
  },
];

const patientView: ViewDefinition = {
  resourceType: 'ViewDefinition',
  name: 'patients',
  resource: 'Patient',
  select: [
    {
      column: [
        { name: 'patient_key', path: 'getResourceKey()', type: 'string' },
        { name: 'gender', path: 'gender', type: 'code' },
        { name: 'birth_date', path: 'birthDate', type: 'date' },
        { name: 'active', path: 'active', type: 'boolean' },
        { name: 'given', path: 'name.given', type: 'string', collection: true },
      ],
    },
  ],
};
const observationView: ViewDefinition = {
  resourceType: 'ViewDefinition',
  name: 'observations',
  resource: 'Observation',
  select: [
    {
      column: [
        { name: 'id', path: 'id' },
        { name: 'patient_key', path: 'subject.getReferenceKey(Patient)' },
        { name: 'value', path: 'value.ofType(Quantity).value' },
      ],
    },
  ],
};

let dir: string;
let db: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'views-runner-'));
  const ndjson = (rs: object[]): string => rs.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(join(dir, 'Patient.ndjson'), ndjson(patients));
  mkdirSync(join(dir, 'part2'));
  writeFileSync(join(dir, 'part2', 'Observation.000.ndjson.gz'), gzipSync(ndjson(observations)));
  writeFileSync(join(dir, 'README.txt'), 'not a resource file');
  db = await openDatabase();
});

afterAll(() => db?.closeSync());

describe('openDatabase', () => {
  it('has the json extension built in and never installs or auto-loads another', async () => {
    const r = await db.runAndReadAll(
      `SELECT current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions'),
              (SELECT install_mode FROM duckdb_extensions() WHERE extension_name = 'json')`,
    );
    expect(r.getRows()[0]).toEqual([false, false, 'STATICALLY_LINKED']);
    // httpfs is not built in: reading a URL must fail here, not fetch the extension.
    await expect(db.run("SELECT * FROM read_csv('https://example.org/x.csv')")).rejects.toThrow(/httpfs/i);
  });
});

describe('runViews over an NDJSON folder', () => {
  it('makes one table per view, named by the view, with SQL types from the declared FHIR types', async () => {
    await loadResources(db, { ndjsonDir: dir });
    const tables = await runViews(db, [patientView, observationView]);
    expect(tables.map((t) => [t.name, t.rows])).toEqual([
      ['patients', 2],
      ['observations', 2],
    ]);
    const described = await db.runAndReadAll('DESCRIBE patients');
    expect(described.getRows().map((r) => [r[0], r[1]])).toEqual([
      ['patient_key', 'VARCHAR'],
      ['gender', 'VARCHAR'],
      ['birth_date', 'VARCHAR'],
      ['active', 'BOOLEAN'],
      ['given', 'VARCHAR[]'],
    ]);
    const rows = await db.runAndReadAll('SELECT * FROM patients ORDER BY patient_key');
    expect(rows.getRowObjectsJson()).toEqual([
      {
        patient_key: 'Patient/p1',
        gender: 'female',
        birth_date: '1950-04-02',
        active: true,
        given: ['Rosa', 'Maria'],
      },
      { patient_key: 'Patient/p2', gender: 'male', birth_date: '1988', active: false, given: [] },
    ]);
  });

  it('infers the type of an undeclared column from its values and joins on resource keys', async () => {
    const [, obs] = await runViews(db, [patientView, observationView], { ndjsonDir: dir });
    expect(obs!.columns.map((c) => [c.name, c.sqlType])).toEqual([
      ['id', 'VARCHAR'],
      ['patient_key', 'VARCHAR'],
      ['value', 'DOUBLE'],
    ]);
    const joined = await db.runAndReadAll(
      'SELECT p.gender, o.value FROM observations o JOIN patients p USING (patient_key) ORDER BY o.value',
    );
    expect(joined.getRows()).toEqual([
      ['female', 7.5],
      ['male', 9],
    ]);
  });

  it('loads resources given in memory', async () => {
    await runViews(db, [patientView], { resources: [patients[0]!] });
    const r = await db.runAndReadAll('SELECT count(*)::INTEGER FROM patients');
    expect(r.getRows()).toEqual([[1]]);
  });
});

describe('errors a user can act on', () => {
  it('refuses a view without a usable table name', async () => {
    await expect(runViews(db, [{ ...patientView, name: 'my patients' }])).rejects.toThrow(/name/);
  });

  it('names the column that has several values but is not a collection', async () => {
    await loadResources(db, { resources: patients });
    const view: ViewDefinition = {
      name: 'given_names',
      resource: 'Patient',
      select: [{ column: [{ name: 'given', path: 'name.given' }] }],
    };
    await expect(runViews(db, [view])).rejects.toThrow(
      /column "given" \(name\.given\) has more than one value/,
    );
  });

  it('stops, rather than truncates, a repeat nested deeper than it follows', async () => {
    const nest = (depth: number): object => ({
      linkId: `l${depth}`,
      item: depth > 1 ? [nest(depth - 1)] : [],
    });
    await loadResources(db, {
      resources: [
        {
          resourceType: 'QuestionnaireResponse',
          id: 'deep',
          status: 'completed',
          item: [nest(REPEAT_MAX_DEPTH + 1)],
        },
      ],
    });
    const view: ViewDefinition = {
      name: 'qr_items',
      resource: 'QuestionnaireResponse',
      select: [{ repeat: ['item'], column: [{ name: 'link_id', path: 'linkId', type: 'string' }] }],
    };
    await expect(runViews(db, [view])).rejects.toThrow(
      `repeat is nested deeper than ${REPEAT_MAX_DEPTH} levels`,
    );
    await loadResources(db, {
      resources: [
        {
          resourceType: 'QuestionnaireResponse',
          id: 'ok',
          status: 'completed',
          item: [nest(REPEAT_MAX_DEPTH)],
        },
      ],
    });
    const [table] = await runViews(db, [view]);
    expect(table!.rows).toBe(REPEAT_MAX_DEPTH);
  });

  it('says when a folder has no NDJSON', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'views-empty-'));
    await expect(loadResources(db, { ndjsonDir: empty })).rejects.toThrow(/No \.ndjson files/);
  });
});

describe('npm run views', () => {
  const cli = async (args: string[]): Promise<{ status: number; stdout: string }> => {
    let stdout = '';
    const status = await viewsCommand(args, (t) => (stdout += t));
    return { status, stdout };
  };

  it('run prints a view as CSV (default) or JSON lines', async () => {
    const viewFile = join(dir, 'patients.view.json');
    const withCount: ViewDefinition = {
      ...patientView,
      select: [
        ...patientView.select,
        { column: [{ name: 'names', path: "name.exists() and name.family = 'Lopez'", type: 'boolean' }] },
        { forEachOrNull: 'name', column: [{ name: 'name_index', path: '%rowIndex', type: 'integer' }] },
      ],
    };
    writeFileSync(viewFile, JSON.stringify(withCount));
    const csv = await cli(['run', viewFile, dir]);
    expect(csv.status).toBe(0);
    expect(csv.stdout.trim().split('\n')).toEqual([
      'patient_key,gender,birth_date,active,given,names,name_index',
      'Patient/p1,female,1950-04-02,true,"[""Rosa"",""Maria""]",true,0',
      'Patient/p2,male,1988,false,[],false,0',
    ]);
    const json = await cli(['run', viewFile, dir, '--format', 'json']);
    expect(json.status).toBe(0);
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown)[0],
    ).toEqual({
      patient_key: 'Patient/p1',
      gender: 'female',
      birth_date: '1950-04-02',
      active: true,
      given: ['Rosa', 'Maria'],
      names: true,
      name_index: 0,
    });
  });

  it('test writes the suite report and fails when a shareable test fails', async () => {
    const suiteDir = join(dir, 'suite');
    mkdirSync(suiteDir);
    copyFileSync('test/sql-on-fhir/tests/fn_first.json', join(suiteDir, 'fn_first.json'));
    const report = join(dir, 'reports', 'test_report.json');
    const ok = await cli(['test', suiteDir, '--report', report]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('shareable: 2 of 2 passed');
    expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual({
      'fn_first.json': {
        tests: [
          { name: 'table level first()', result: { passed: true } },
          { name: 'table and field level first()', result: { passed: true } },
        ],
      },
    });
    const broken = JSON.parse(readFileSync(join(suiteDir, 'fn_first.json'), 'utf8')) as {
      tests: { expect: unknown[] }[];
    };
    broken.tests[0]!.expect = [];
    writeFileSync(join(suiteDir, 'fn_first.json'), JSON.stringify(broken));
    const bad = await cli(['test', suiteDir]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('FAILED (shareable) fn_first.json: table level first()');
  });

  it('is a program that exits 2 with the usage for a wrong command', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'analytics/views/cli.ts', 'frobnicate'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('npm run views -- run <viewdefinition.json> <ndjson folder>');
  });
});

// Spark readiness: the metric SQL (analytics/metrics/*.sql) parses as DuckDB SQL and as Spark SQL,
// and every ViewDefinition kept under analytics/ uses only standard SQL-on-FHIR v2, so Pathling
// runs the same files unchanged.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portableSqlProblems } from '../../analytics/views/portable-sql';
import { openDatabase } from '../../analytics/views/runner';
import { compileView, type ViewDefinition } from '../../src/core/views/compile';
import { nonStandardFeatures } from '../../src/core/views/standard';

function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p, ext) : p.endsWith(ext) ? [p] : [];
    });
}

let db: DuckDBConnection;
beforeAll(async () => {
  db = await openDatabase();
});
afterAll(() => db?.closeSync());

describe('the portable SQL check', () => {
  it('accepts SQL both DuckDB and Spark SQL parse', async () => {
    const sql = `WITH seen AS (
        SELECT p.patient_key, p.gender, count(*) AS visits
        FROM patients p JOIN encounters e ON e.patient_key = p.patient_key
        WHERE e.start >= '2026-01-01' AND e.start < '2027-01-01'
        GROUP BY p.patient_key, p.gender)
      SELECT gender, count(*) AS n, sum(CASE WHEN visits > 1 THEN 1 ELSE 0 END) AS repeat_visits,
             CAST(count(*) AS DOUBLE) / NULLIF(sum(visits), 0) AS rate
      FROM seen GROUP BY gender ORDER BY gender`;
    expect(await portableSqlProblems(db, sql)).toEqual([]);
  });

  it('refuses DuckDB-only syntax that Spark SQL cannot parse (:: casts, list lambdas)', async () => {
    const cast = await portableSqlProblems(db, 'SELECT visits::INTEGER FROM seen');
    expect(cast.some((p) => p.startsWith('Spark SQL'))).toBe(true);
    const lambda = await portableSqlProblems(db, 'SELECT list_transform(codes, lambda c: c) FROM seen');
    expect(lambda.some((p) => p.startsWith('Spark SQL'))).toBe(true);
  });

  it('refuses Spark-only syntax that DuckDB cannot parse (LATERAL VIEW)', async () => {
    const problems = await portableSqlProblems(db, 'SELECT c FROM seen LATERAL VIEW explode(codes) t AS c');
    expect(problems.some((p) => p.startsWith('DuckDB'))).toBe(true);
  });
});

describe('the metric SQL in analytics/metrics/', () => {
  const files = filesUnder('analytics/metrics', '.sql');
  it.each(files.length ? files : ['(none yet)'])('%s runs on DuckDB and Spark SQL', async (file) => {
    if (file === '(none yet)') return;
    expect(await portableSqlProblems(db, readFileSync(file, 'utf8'))).toEqual([]);
  });
});

describe('ViewDefinitions kept under analytics/', () => {
  it('flags what only this runner accepts', () => {
    const view: ViewDefinition = {
      resourceType: 'ViewDefinition',
      name: 'x',
      resource: 'Patient',
      select: [
        {
          column: [
            { name: 'n', path: 'name.count()' },
            { name: 'f', path: "name.family & 'x'" },
          ],
        },
      ],
    };
    expect(nonStandardFeatures(view)).toEqual([
      'select[0].column[0] (n): count() is not in the SQL-on-FHIR FHIRPath subset',
      'select[0].column[1] (f): operator "&" is not in the SQL-on-FHIR FHIRPath subset',
    ]);
  });

  const views = filesUnder('analytics', '.json').filter((f) => {
    const json = JSON.parse(readFileSync(f, 'utf8')) as { resourceType?: string };
    return json.resourceType === 'ViewDefinition';
  });
  it.each(views.length ? views : ['(none yet)'])('%s is standard SQL-on-FHIR v2 and compiles', (file) => {
    if (file === '(none yet)') return;
    const view = JSON.parse(readFileSync(file, 'utf8')) as ViewDefinition;
    expect(nonStandardFeatures(view)).toEqual([]);
    expect(() => compileView(view)).not.toThrow();
  });
});

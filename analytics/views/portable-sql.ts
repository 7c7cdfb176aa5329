// Spark readiness of the metric SQL: a query must parse both as DuckDB SQL (DuckDB's own parser,
// json_serialize_sql) and as Spark SQL (dt-sql-parser's SparkSQL grammar, ANTLR, from Apache
// Spark's SqlBaseParser), so the same file runs on the embedded default and on a Pathling/Spark
// cluster over the same view tables.
import type { DuckDBConnection } from '@duckdb/node-api';
// Only the Spark grammar: the package's index loads seven dialects' parsers.
import { SparkSQL } from 'dt-sql-parser/dist/parser/spark';

let spark: SparkSQL | undefined;

/** Problems found, each prefixed by the dialect that refused it; [] when both accept the SQL. */
export async function portableSqlProblems(db: DuckDBConnection, sql: string): Promise<string[]> {
  const problems: string[] = [];
  const duck = await db.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
  const parsed = JSON.parse(String(duck.getRows()[0]?.[0])) as { error: boolean; error_message?: string };
  if (parsed.error) problems.push(`DuckDB: ${parsed.error_message ?? 'does not parse'}`);
  spark ??= new SparkSQL();
  for (const e of spark.validate(sql)) {
    problems.push(`Spark SQL, line ${e.startLine} column ${e.startColumn}: ${e.message}`);
  }
  return problems;
}

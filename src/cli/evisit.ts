/**
 * E-visit tools on the command line:
 *
 *   npx tsx src/cli/evisit.ts route <questionnaire-response.json>
 *
 * Prints `{"route": "...", "because": [linkIds]}`: where the answers send the patient (emergency,
 * same-day, within-24h, in-person, clinician-review, async-ok) and the answers that reached it —
 * the same core function the patient's screen runs. Exit code 0 on success, 1 when the file cannot
 * be read as a QuestionnaireResponse, 2 on a usage error.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { QuestionnaireResponse } from 'fhir/r4';
import { EVISIT_QUESTIONNAIRES, kindOf, route, routeOf, answersOf } from '../core/evisit';

const USAGE = 'Usage: evisit route <questionnaire-response.json>';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Routes a QuestionnaireResponse; an answer to a follow-up whose question is hidden does not count. */
export function routeResponse(qr: QuestionnaireResponse): { route: string; because: string[] } {
  const kind = kindOf(qr.questionnaire);
  const r = kind ? routeOf(EVISIT_QUESTIONNAIRES[kind], answersOf(qr)) : route(qr);
  return { route: r.route, because: r.because };
}

export function run(argv: readonly string[], read: (path: string) => string): CliResult {
  const [command, path, ...rest] = argv;
  if (command !== 'route' || !path || rest.length > 0) return { code: 2, stdout: '', stderr: `${USAGE}\n` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(read(path));
  } catch (err) {
    return { code: 1, stdout: '', stderr: `${path}: ${err instanceof Error ? err.message : String(err)}\n` };
  }
  const qr = parsed as Partial<QuestionnaireResponse> | null;
  if (!qr || qr.resourceType !== 'QuestionnaireResponse')
    return { code: 1, stdout: '', stderr: `${path}: not a QuestionnaireResponse\n` };
  return { code: 0, stdout: `${JSON.stringify(routeResponse(qr as QuestionnaireResponse))}\n`, stderr: '' };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = run(process.argv.slice(2), (p) => readFileSync(p, 'utf8'));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}

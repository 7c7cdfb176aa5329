import type { ServerResponse } from 'node:http';
import type { OperationOutcome } from 'fhir/r4';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  document: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(document),
    // The pages carry no scripts; a strict policy keeps any escaping slip from becoming script.
    // form-action also governs where a submitted form may redirect, and the login and launcher forms
    // end in a redirect to the app (any http(s) redirect URI, as on public sandboxes).
    // frame-ancestors 'self': another site framing the login page could trick a click on Allow.
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; frame-ancestors 'self'",
    'x-frame-options': 'SAMEORIGIN',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(document);
}

export function redirect(
  res: ServerResponse,
  location: string,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(302, { location, 'cache-control': 'no-store', 'content-length': 0, ...headers });
  res.end();
}

export type IssueCode = OperationOutcome['issue'][number]['code'];

export function operationOutcome(code: IssueCode, diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

export function sendOutcome(
  res: ServerResponse,
  status: number,
  code: IssueCode,
  diagnostics: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, operationOutcome(code, diagnostics), {
    'content-type': 'application/fhir+json; charset=utf-8',
    ...headers,
  });
}

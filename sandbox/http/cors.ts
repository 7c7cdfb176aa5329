import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOW_HEADERS = [
  'Accept',
  'Authorization',
  'Content-Type',
  'If-Match',
  'If-None-Exist',
  'If-None-Match',
  'If-Modified-Since',
  'Prefer',
  'X-Requested-With',
].join(', ');

// Without these, a browser app cannot read the version it must send back in If-Match.
const EXPOSE_HEADERS = ['ETag', 'Location', 'Content-Location', 'Last-Modified', 'WWW-Authenticate'].join(
  ', ',
);

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/** Echoes the Origin (any origin may call a sandbox); no credentials, so bearer tokens only. */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
}

export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS';
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  applyCors(req, res);
  res.writeHead(204, {
    'access-control-allow-methods': ALLOW_METHODS,
    'access-control-allow-headers': allowHeaders(req),
    'access-control-max-age': '600',
    'content-length': 0,
  });
  res.end();
}

/** Our list plus whatever else the browser asks for: a sandbox should not be the reason a header fails. */
function allowHeaders(req: IncomingMessage): string {
  const requested = req.headers['access-control-request-headers'];
  return requested ? `${ALLOW_HEADERS}, ${requested}` : ALLOW_HEADERS;
}

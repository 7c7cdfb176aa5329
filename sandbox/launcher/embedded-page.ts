import { html, type SafeHtml } from '../http/html';

export interface EmbeddedPageInput {
  /** The app's launch URL with `iss` and `launch` added. */
  frameSrc: string;
  patientLabel: string;
  userLabel: string;
}

const STYLE = `
html,body{margin:0;height:100%;font-family:system-ui,sans-serif;color:#1b1b1b}
body{display:flex;flex-direction:column}
header{padding:.5rem 1rem;background:#233044;color:#fff;display:flex;gap:1.5rem;flex-wrap:wrap;align-items:baseline}
header strong{font-size:1.1rem}
main{display:contents}
iframe{flex:1;border:0;width:100%}
`;

/**
 * An EHR chart page that shows the app in a frame, the way EHRs embed SMART apps. Served from
 * another site than the app (127.0.0.1 vs localhost), the frame is cross-site, as in production.
 */
export function embeddedPage({ frameSrc, patientLabel, userLabel }: EmbeddedPageInput): string {
  const body: SafeHtml = html`<header>
      <strong>Sandbox EHR</strong>
      <span>Chart: ${patientLabel}</span>
      <span>Signed in: ${userLabel}</span>
    </header>
    <main>
      <iframe title="Common Ground" src="${frameSrc}"></iframe>
    </main>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Chart · Common Ground sandbox EHR</title>
        <style>
          ${{ __html: STYLE }}
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html> `.__html;
}

/** The page's own policy: no script, and frames only from the app and the sandbox (its sign-in). */
export function embeddedPagePolicy(frameOrigins: string[]): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `frame-src 'self' ${[...new Set(frameOrigins)].join(' ')}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Every piece of server or user text goes through this before it reaches HTML. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Marks markup this code built from escaped parts, so page() can tell it from raw text and
 * the type system stops a forgotten escapeHtml() from compiling.
 */
export interface SafeHtml {
  readonly __html: string;
}

/** Tagged template: interpolated values are escaped unless they are SafeHtml (or arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return { __html: out };
}

function render(value: unknown): string {
  if (Array.isArray(value)) return value.map(render).join('');
  if (isSafe(value)) return value.__html;
  return escapeHtml(value);
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && '__html' in value;
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:44rem;padding:0 1rem;line-height:1.5;color:#1b1b1b}
fieldset{border:1px solid #888;border-radius:.4rem;margin:1rem 0;padding:.5rem 1rem}
label{display:block;margin:.3rem 0}
input[type=text],input[type=url],select{font:inherit;padding:.3rem;width:100%;box-sizing:border-box}
button{font:inherit;padding:.4rem 1.2rem;margin-right:.6rem;cursor:pointer}
.error{border-left:4px solid #b00020;padding-left:1rem}
code{background:#f2f2f2;padding:0 .2rem}
:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
`;

/** A complete, small, accessible page: language, title, one main landmark. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Common Ground sandbox EHR</title>
        <style>
          ${{ __html: STYLE }}
        </style>
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html> `.__html;
}

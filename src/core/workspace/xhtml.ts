/**
 * Building FHIR narrative (`text.div`) from user text. The div is XHTML that other systems render
 * as markup, so every piece of text that came from a person or a server is escaped here, and
 * characters XML 1.0 cannot carry at all are dropped rather than making the resource unparseable.
 */

import { XHTML_NS } from '../fhir/vocabulary';

// C0 controls other than tab/newline/return, lone surrogates and U+FFFE/U+FFFF are not XML characters.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: XML forbids them.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * User text as a FHIR string: the characters FHIR (and XML, which carries the same resource) cannot
 * hold are dropped; everything else, markup included, is kept exactly as typed.
 */
export function fhirText(text: string): string {
  return text.replace(NOT_XML, '');
}

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Markup that is already safe: made only by `el`, never by concatenating raw text. */
export interface Markup {
  readonly html: string;
}

type Child = Markup | string | undefined | false;

/** The only elements the generated narrative uses; all are in FHIR's allowed narrative subset. */
type Tag = 'div' | 'h2' | 'h3' | 'p' | 'ul' | 'li' | 'strong' | 'span';

export function el(tag: Tag, ...children: Child[]): Markup {
  const inner = children
    .filter((c): c is Markup | string => c !== undefined && c !== false)
    .map((c) => (typeof c === 'string' ? escapeXml(c) : c.html))
    .join('');
  return { html: `<${tag}>${inner}</${tag}>` };
}

/** The root narrative div, with the XHTML namespace FHIR requires. */
export function narrativeDiv(...children: Child[]): string {
  return el('div', ...children).html.replace(/^<div>/, `<div xmlns="${XHTML_NS}">`);
}

/**
 * The rules R4 narrative.html sets for `Narrative.div`, which Medplum's validator does not check:
 * the div is well-formed XHTML whose root is a `div` in the XHTML namespace; txt-1, only the basic
 * formatting elements and attributes (no scripts, forms, event attributes, processing instructions
 * or DOCTYPE); txt-2, some non-whitespace content. XML has only its five named entities (no DTD is
 * declared), so `&nbsp;` is not well-formed: `&#160;` is.
 */

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** txt-1's elements: HTML 4.0 chapters 7–11 (bar §9.4) and 12, with `a` and `img`. */
const ELEMENTS = new Set(
  (
    'a abbr acronym b big blockquote br caption cite code col colgroup dd dfn div dl dt em ' +
    'h1 h2 h3 h4 h5 h6 hr i img li ol p pre q samp small span strong sub sup table tbody td ' +
    'tfoot th thead tr tt ul var'
  ).split(' '),
);

/** txt-1's attributes (no `on…` event attribute among them), plus the namespace and language ones. */
const ATTRIBUTES = new Set(
  (
    'abbr accesskey align alt axis bgcolor border cellhalign cellpadding cellspacing cellvalign ' +
    'char charoff charset cite class colspan compact coords dir frame headers height href hreflang ' +
    'hspace id lang longdesc name nowrap rel rev rowspan rules scope shape span src start style ' +
    'summary tabindex title type valign value vspace width xmlns xml:lang'
  ).split(' '),
);

const NAME = '[A-Za-z_][\\w.:-]*';
const TOKEN = new RegExp(
  `<!--([\\s\\S]*?)-->|<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>|<|[^<]+`,
  'g',
);
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
const REFERENCE = /&(?:#[0-9]+|#x[0-9A-Fa-f]+|amp|lt|gt|quot|apos);/g;

function badReference(text: string): boolean {
  return text.replace(REFERENCE, '').includes('&');
}

/** What is wrong with a `Narrative.div`, or undefined when it meets R4's rules. */
export function narrativeProblem(div: string): string | undefined {
  const stack: string[] = [];
  let rootClosed = false;
  let content = false;
  for (const match of div.trim().matchAll(TOKEN)) {
    const [token, comment, closing, tag, attributes = '', selfClosing] = match;
    if (comment !== undefined) {
      if (comment.includes('--')) return 'a comment may not contain "--"';
      continue;
    }
    if (tag === undefined) {
      if (token === '<') return 'it is not well-formed XHTML (a "<" that starts no element)';
      if (/\S/.test(token) && (stack.length === 0 || rootClosed)) return 'text outside the root div';
      if (badReference(token)) return 'an "&" that is not one of XML’s entity or character references';
      content ||= /\S/.test(token);
      continue;
    }
    if (rootClosed) return 'more than one root element';
    // XHTML's names are lower case: <DIV> is another element.
    const name = tag;
    if (stack.length === 0 && name !== 'div') return 'the root element must be a div';
    if (!ELEMENTS.has(name)) return `txt-1: the element <${tag}> is not allowed in a narrative`;
    if (closing) {
      if (stack.pop() !== tag) return `it is not well-formed XHTML (</${tag}> closes no open <${tag}>)`;
      rootClosed = stack.length === 0;
      continue;
    }
    const seen = new Set<string>();
    let namespace: string | undefined;
    for (const [, attribute = '', double, single] of attributes.matchAll(ATTRIBUTE)) {
      const value = double ?? single ?? '';
      if (seen.has(attribute)) return `it is not well-formed XHTML (${attribute} twice on <${tag}>)`;
      seen.add(attribute);
      if (!ATTRIBUTES.has(attribute))
        return `txt-1: the attribute ${attribute} is not allowed in a narrative`;
      if (badReference(value)) return 'an "&" that is not one of XML’s entity or character references';
      if (attribute === 'xmlns') namespace = value;
    }
    if (stack.length === 0 && namespace !== XHTML_NS)
      return `the div must be in the XHTML namespace (xmlns="${XHTML_NS}")`;
    if (namespace !== undefined && namespace !== XHTML_NS) return `<${tag}> is not in the XHTML namespace`;
    content ||= name === 'img';
    if (selfClosing) {
      rootClosed = stack.length === 0;
    } else {
      stack.push(tag);
    }
  }
  if (!rootClosed)
    return stack.length > 0
      ? `it is not well-formed XHTML (<${stack.at(-1)}> is never closed)`
      : 'it is not XHTML';
  if (!content) return 'txt-2: the narrative has no non-whitespace content';
  return undefined;
}

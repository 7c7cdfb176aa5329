// The FHIRPath subset SQL-on-FHIR v2 asks of a view runner ("FHIRPath subset" in the spec's
// ViewDefinition page): paths, indexers, literals, %constants, $this, boolean logic, comparison,
// arithmetic and the listed functions. Parsed here into a small tree that compile.ts turns into SQL.

export type FhirPathNode =
  | { kind: 'literal'; type: 'string' | 'number' | 'boolean' | 'date' | 'empty'; value: string }
  | { kind: 'this' }
  | { kind: 'var'; name: string }
  | { kind: 'member'; base: FhirPathNode | null; name: string }
  | { kind: 'call'; base: FhirPathNode | null; name: string; args: FhirPathNode[] }
  | { kind: 'index'; base: FhirPathNode; index: FhirPathNode }
  | { kind: 'binary'; op: string; left: FhirPathNode; right: FhirPathNode }
  | { kind: 'negate'; operand: FhirPathNode };

export class FhirPathSyntaxError extends Error {
  constructor(expression: string, message: string) {
    super(`FHIRPath "${expression}": ${message}`);
    this.name = 'FhirPathSyntaxError';
  }
}

type Token =
  | { t: 'ident'; v: string }
  | { t: 'string'; v: string }
  | { t: 'number'; v: string }
  | { t: 'date'; v: string }
  | { t: 'var'; v: string }
  | { t: 'this' }
  | { t: 'op'; v: string }
  | { t: 'end' };

const OPERATORS = ['<=', '>=', '!=', '!~', '=', '~', '<', '>', '+', '-', '*', '/', '|', '&'];
const PUNCTUATION = ['.', '(', ')', '[', ']', ',', '{', '}'];

function unescape(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.startsWith('u') && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f' };
    return map[e] ?? e;
  });
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const fail = (m: string): never => {
    throw new FhirPathSyntaxError(src, m);
  };
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) fail('unterminated quote');
      const body = unescape(src.slice(i + 1, j));
      out.push(c === "'" ? { t: 'string', v: body } : { t: 'ident', v: body });
      i = j + 1;
      continue;
    }
    if (c === '@') {
      const m = /^@[0-9T][0-9T:.\-+Z]*/.exec(src.slice(i));
      if (!m) fail(`unexpected "@" at ${i}`);
      out.push({ t: 'date', v: m![0].slice(1) });
      i += m![0].length;
      continue;
    }
    if (c === '%') {
      const rest = src.slice(i + 1);
      const m = /^`([^`]*)`/.exec(rest) ?? /^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
      if (!m) fail(`bad variable at ${i}`);
      out.push({ t: 'var', v: m![1]! });
      i += 1 + m![0].length;
      continue;
    }
    if (c === '$') {
      const m = /^\$this\b/.exec(src.slice(i));
      if (!m) fail(`unsupported "$" name at ${i}`);
      out.push({ t: 'this' });
      i += 5;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'number', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'ident', v: m[0] });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i)) ?? PUNCTUATION.find((p) => p === c);
    if (!op) fail(`unexpected "${c}" at ${i}`);
    out.push({ t: 'op', v: op! });
    i += op!.length;
  }
  out.push({ t: 'end' });
  return out;
}

// Precedence climbing over FHIRPath's operator table (lowest first).
const BINARY_LEVELS: string[][] = [
  ['implies'],
  ['or', 'xor'],
  ['and'],
  ['in', 'contains'],
  ['=', '~', '!=', '!~'],
  ['<=', '<', '>', '>='],
  ['|'],
  ['+', '-', '&'],
  ['*', '/', 'div', 'mod'],
];

export function parseFhirPath(src: string): FhirPathNode {
  if (typeof src !== 'string') throw new FhirPathSyntaxError(String(src), 'a path must be a string');
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const fail = (m: string): never => {
    throw new FhirPathSyntaxError(src, m);
  };
  const isOp = (v: string): boolean => {
    const t = peek();
    return (t.t === 'op' || t.t === 'ident') && t.v === v;
  };
  const expect = (v: string): void => {
    if (!isOp(v)) fail(`expected "${v}"`);
    pos++;
  };

  function binary(level: number): FhirPathNode {
    if (level >= BINARY_LEVELS.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const op = BINARY_LEVELS[level]!.find((o) => isOp(o));
      if (!op) return left;
      pos++;
      left = { kind: 'binary', op, left, right: binary(level + 1) };
    }
  }

  function unary(): FhirPathNode {
    if (isOp('-')) {
      pos++;
      return { kind: 'negate', operand: unary() };
    }
    if (isOp('+')) pos++;
    return postfix(term());
  }

  function invocation(base: FhirPathNode | null): FhirPathNode {
    const t = peek();
    if (t.t !== 'ident') return fail('expected a name');
    pos++;
    if (!isOp('(')) return { kind: 'member', base, name: t.v };
    pos++;
    const args: FhirPathNode[] = [];
    if (!isOp(')')) {
      args.push(binary(0));
      while (isOp(',')) {
        pos++;
        args.push(binary(0));
      }
    }
    expect(')');
    return { kind: 'call', base, name: t.v, args };
  }

  function term(): FhirPathNode {
    const t = peek();
    switch (t.t) {
      case 'string':
        pos++;
        return { kind: 'literal', type: 'string', value: t.v };
      case 'number':
        pos++;
        return { kind: 'literal', type: 'number', value: t.v };
      case 'date':
        pos++;
        return { kind: 'literal', type: 'date', value: t.v };
      case 'var':
        pos++;
        return { kind: 'var', name: t.v };
      case 'this':
        pos++;
        return { kind: 'this' };
      case 'ident':
        if (t.v === 'true' || t.v === 'false') {
          pos++;
          return { kind: 'literal', type: 'boolean', value: t.v };
        }
        return invocation(null);
      case 'op':
        if (t.v === '(') {
          pos++;
          const inner = binary(0);
          expect(')');
          return inner;
        }
        if (t.v === '{') {
          pos++;
          expect('}');
          return { kind: 'literal', type: 'empty', value: '' };
        }
        return fail(`unexpected "${t.v}"`);
      default:
        return fail('unexpected end');
    }
  }

  function postfix(node: FhirPathNode): FhirPathNode {
    for (;;) {
      if (isOp('.')) {
        pos++;
        node = invocation(node);
      } else if (isOp('[')) {
        pos++;
        const index = binary(0);
        expect(']');
        node = { kind: 'index', base: node, index };
      } else return node;
    }
  }

  const tree = binary(0);
  if (peek().t !== 'end') fail('unexpected text after the expression');
  return tree;
}

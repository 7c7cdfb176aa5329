// A SQL-on-FHIR v2 ViewDefinition compiled to one DuckDB SELECT over a table of resources kept as
// JSON (`resource_type VARCHAR, resource JSON`). Pure: the runner (analytics/views/) executes it.
//
// The value model: every FHIRPath expression becomes a SQL expression of type JSON[] — a FHIRPath
// collection, never holding SQL NULLs — so navigation is list_transform/flatten and the empty
// collection is the empty list. A select node becomes a LIST of STRUCTs (its rows for one
// resource); forEach is a lambda over the items, unionAll a list_concat, nested selects a cross
// product, and the outer query unnests the list. One resource is one row of DuckDB's vectorised
// lambdas, so a view is a single scan whatever its nesting.
import { parseFhirPath, type FhirPathNode } from './fhirpath';

export interface ViewColumn {
  name: string;
  path: string;
  type?: string;
  collection?: boolean;
  description?: string;
}

export interface ViewSelect {
  column?: ViewColumn[];
  select?: ViewSelect[];
  forEach?: string;
  forEachOrNull?: string;
  repeat?: string[];
  unionAll?: ViewSelect[];
}

export interface ViewConstant {
  name: string;
  [valueX: string]: unknown;
}

export interface ViewDefinition {
  resourceType?: 'ViewDefinition';
  name?: string;
  resource: string;
  status?: string;
  constant?: ViewConstant[];
  select: ViewSelect[];
  where?: { path: string; description?: string }[];
}

export interface CompiledColumn {
  name: string;
  /** The FHIR type the view declares, if any. */
  type: string | undefined;
  collection: boolean;
  /** The DuckDB type of the output column in `typed` mode. */
  sqlType: string;
}

export interface CompiledView {
  sql: string;
  columns: CompiledColumn[];
}

export interface CompileOptions {
  /** The relation holding the resources: columns `resource_type VARCHAR` and `resource JSON`. */
  from?: string;
  /**
   * `typed` (the default): one SQL column per view column, cast from the declared FHIR type (an
   * undeclared type stays JSON). `json`: one JSON column `row` per row, as the conformance suite
   * compares rows.
   */
  output?: 'typed' | 'json';
}

export class ViewDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ViewDefinitionError';
  }
}

/** How deep `repeat` follows its paths; deeper data stops the query with an error, never truncates. */
export const REPEAT_MAX_DEPTH = 12;

const COLUMN_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

const INTEGER_TYPES = new Set(['integer', 'positiveInt', 'unsignedInt', 'integer64']);

function sqlTypeOf(type: string | undefined): string {
  if (type === undefined) return 'JSON';
  if (type === 'boolean') return 'BOOLEAN';
  if (INTEGER_TYPES.has(type)) return 'BIGINT';
  if (type === 'decimal') return 'DOUBLE';
  // Strings, codes, URIs and the date/time types: FHIR dates can be partial (2020, 2020-03), so
  // they stay text and the metric SQL chooses how to compare them.
  return 'VARCHAR';
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function jsonLiteral(value: unknown): string {
  return `${quoteString(JSON.stringify(value))}::JSON`;
}

const EMPTY = '[]::JSON[]';
const NUMERIC_JSON = `('BIGINT','UBIGINT','DOUBLE')`;

interface Scope {
  /** The current input collection ($this at the start of a path), as JSON[]. */
  input: string;
  /** The resource being viewed, as JSON. */
  resource: string;
  /** %rowIndex: the 0-based position in the nearest forEach or repeat, as an integer SQL expr. */
  rowIndex: string;
}

class Compiler {
  private lambdaCount = 0;
  private readonly rawBooleans = new Map<string, string>();
  private readonly constants = new Map<string, string>();

  constructor(view: ViewDefinition) {
    for (const c of view.constant ?? []) {
      if (!c || typeof c.name !== 'string') throw new ViewDefinitionError('a constant has no name');
      const valueKeys = Object.keys(c).filter((k) => k.startsWith('value'));
      if (valueKeys.length !== 1) {
        throw new ViewDefinitionError(`constant "${c.name}" must have exactly one value[x]`);
      }
      this.constants.set(c.name, jsonLiteral(c[valueKeys[0]!]));
    }
  }

  fresh(): string {
    return `v${++this.lambdaCount}`;
  }

  /** The children of one JSON value under `name`, as JSON[] (arrays flattened, nulls dropped). */
  children(value: string, name: string): string {
    const path = quoteString(`$.${quoteIdent(name)}`);
    const x = this.fresh();
    // One extraction (one parse of the value's text); the type test then reads the small result.
    return this.let(
      `json_extract(${value}, ${path})`,
      (e) =>
        `CASE coalesce(json_type(${e}), 'NULL') WHEN 'ARRAY' THEN list_filter(${e}::JSON[], lambda ${x}: json_type(${x}) <> 'NULL') ` +
        `WHEN 'NULL' THEN ${EMPTY} ELSE [${e}] END`,
    );
  }

  /** Children of every item of a collection. */
  navigate(coll: string, name: string): string {
    // A one-item collection of a bare value (the resource, a forEach item): no lambda needed.
    const single = /^\[([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(coll);
    if (single) return this.children(single[1]!, name);
    const v = this.fresh();
    return `flatten(list_transform(${coll}, lambda ${v}: ${this.children(v, name)}))`;
  }

  /** A singleton collection's boolean (SQL NULL when empty), per FHIRPath's singleton evaluation. */
  /** The SQL boolean behind a collection fromBool made, if it is one. */
  rawBoolean(coll: string): string | undefined {
    return this.rawBooleans.get(coll);
  }

  bool(coll: string): string {
    const raw = this.rawBooleans.get(coll);
    if (raw !== undefined) return raw;
    return this.let(coll, (c) => `CASE WHEN len(${c}) = 0 THEN NULL ELSE ${c}[1]::BOOLEAN END`);
  }

  /**
   * Binds a value to a lambda parameter, so an expression used twice is written (and computed)
   * once: DuckDB allows no subquery inside a lambda, but a one-element list_transform is a `let`.
   */
  let(value: string, body: (v: string) => string): string {
    const v = this.fresh();
    return `(list_transform([${value}], lambda ${v}: ${body(v)}))[1]`;
  }

  /**
   * A SQL boolean (NULL for empty) as a collection. The boolean is remembered, so a test of the
   * result (where, and, or, a view's where) uses the SQL boolean and skips the JSON round trip.
   */
  fromBool(sqlBool: string): string {
    const coll = this.let(sqlBool, (b) => `CASE WHEN ${b} IS NULL THEN ${EMPTY} ELSE [to_json(${b})] END`);
    this.rawBooleans.set(coll, sqlBool);
    return coll;
  }

  /** Both operands as singletons; empty in, empty out. */
  private binaryScalar(l: string, r: string, combine: (a: string, b: string) => string): string {
    return this.let(l, (lv) =>
      this.let(
        r,
        (rv) =>
          `CASE WHEN len(${lv}) = 0 OR len(${rv}) = 0 THEN ${EMPTY} ELSE ${combine(`${lv}[1]`, `${rv}[1]`)} END`,
      ),
    );
  }

  /**
   * A comparison of two singletons as a SQL boolean, NULL when either side is empty (the first
   * item of an empty list is NULL, and SQL comparisons with NULL are NULL). Numbers compare as
   * numbers, strings (dates included) as text.
   */
  private compare(op: string, l: string, r: string, leftNode: FhirPathNode, rightNode: FhirPathNode): string {
    const sqlOp = op === '!=' ? '<>' : op;
    const literal = (n: FhirPathNode): string | undefined =>
      n.kind === 'literal' && (n.type === 'string' || n.type === 'date') ? quoteString(n.value) : undefined;
    const rightText = literal(rightNode);
    if (rightText !== undefined) return `(((${l})[1] ->> '$') ${sqlOp} ${rightText})`;
    const leftText = literal(leftNode);
    if (leftText !== undefined) return `(${leftText} ${sqlOp} ((${r})[1] ->> '$'))`;
    return this.let(`(${l})[1]`, (a) =>
      this.let(`(${r})[1]`, (b) => {
        const num = `json_type(${a}) IN ${NUMERIC_JSON} AND json_type(${b}) IN ${NUMERIC_JSON}`;
        const str = `json_type(${a}) = 'VARCHAR' AND json_type(${b}) = 'VARCHAR'`;
        return (
          `CASE WHEN ${num} THEN ${a}::DOUBLE ${sqlOp} ${b}::DOUBLE ` +
          `WHEN ${str} THEN (${a} ->> '$') ${sqlOp} (${b} ->> '$') ELSE ${a}::VARCHAR ${sqlOp} ${b}::VARCHAR END`
        );
      }),
    );
  }

  expr(node: FhirPathNode, scope: Scope): string {
    switch (node.kind) {
      case 'literal':
        if (node.type === 'empty') return EMPTY;
        if (node.type === 'string' || node.type === 'date') return `[${jsonLiteral(node.value)}]`;
        return `[${quoteString(node.value)}::JSON]`;
      case 'this':
        return scope.input;
      case 'var': {
        if (node.name === 'rowIndex') return `[to_json(${scope.rowIndex})]`;
        if (node.name === 'resource' || node.name === 'rootResource') return `[${scope.resource}]`;
        const c = this.constants.get(node.name);
        if (c === undefined) throw new ViewDefinitionError(`undefined constant %${node.name}`);
        return `[${c}]`;
      }
      case 'member': {
        const base = node.base ? this.expr(node.base, scope) : scope.input;
        // `Patient.name`: a leading type name filters the input by resource type.
        if (!node.base && /^[A-Z]/.test(node.name)) {
          const v = this.fresh();
          return `list_filter(${base}, lambda ${v}: (${v} ->> 'resourceType') = ${quoteString(node.name)})`;
        }
        return this.navigate(base, node.name);
      }
      case 'index': {
        const base = this.expr(node.base, scope);
        const i = `((${this.expr(node.index, scope)})[1]::BIGINT + 1)`;
        return `coalesce(list_slice(${base}, ${i}, ${i}), ${EMPTY})`;
      }
      case 'negate': {
        const o = this.expr(node.operand, scope);
        return this.let(
          o,
          (v) => `CASE WHEN len(${v}) = 0 THEN ${EMPTY} ELSE [to_json(-(${v}[1]::DOUBLE))] END`,
        );
      }
      case 'binary':
        return this.binary(node.op, node.left, node.right, scope);
      case 'call':
        return this.call(node, scope);
    }
  }

  private binary(op: string, leftNode: FhirPathNode, rightNode: FhirPathNode, scope: Scope): string {
    const l = this.expr(leftNode, scope);
    const r = this.expr(rightNode, scope);
    switch (op) {
      case 'and':
        return this.fromBool(`(${this.bool(l)} AND ${this.bool(r)})`);
      case 'or':
        return this.fromBool(`(${this.bool(l)} OR ${this.bool(r)})`);
      case 'xor':
        return this.fromBool(`(${this.bool(l)} <> ${this.bool(r)})`);
      case 'implies':
        return this.fromBool(`((NOT ${this.bool(l)}) OR ${this.bool(r)})`);
      case '=':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.fromBool(this.compare(op, l, r, leftNode, rightNode));
      case '+':
      case '-':
      case '*':
      case '/':
        return this.binaryScalar(l, r, (a, b) => {
          if (op === '+') {
            return `(CASE WHEN json_type(${a}) = 'VARCHAR' THEN [to_json((${a} ->> '$') || (${b} ->> '$'))] ELSE [to_json(${a}::DOUBLE + ${b}::DOUBLE)] END)`;
          }
          // FHIRPath: division by zero is empty, not an error.
          if (op === '/') {
            return `(CASE WHEN ${b}::DOUBLE = 0 THEN ${EMPTY} ELSE [to_json(${a}::DOUBLE / ${b}::DOUBLE)] END)`;
          }
          return `[to_json(${a}::DOUBLE ${op} ${b}::DOUBLE)]`;
        });
      case '&':
        return `[to_json(coalesce((${l})[1] ->> '$', '') || coalesce((${r})[1] ->> '$', ''))]`;
      case '|':
        return `list_distinct(list_concat(${l}, ${r}))`;
      default:
        throw new ViewDefinitionError(`operator "${op}" is not supported`);
    }
  }

  private stringArg(node: FhirPathNode | undefined, fn: string): string {
    if (node === undefined) return '';
    if (node.kind === 'literal' && node.type === 'string') return node.value;
    throw new ViewDefinitionError(`${fn}() takes a string literal`);
  }

  private typeArg(node: FhirPathNode | undefined, fn: string): string {
    if (node && node.kind === 'member' && node.base === null) return node.name;
    throw new ViewDefinitionError(`${fn}() takes a type name`);
  }

  private call(node: Extract<FhirPathNode, { kind: 'call' }>, scope: Scope): string {
    const base = (): string => (node.base ? this.expr(node.base, scope) : scope.input);
    const arity = (n: number, max = n): void => {
      if (node.args.length < n || node.args.length > max) {
        throw new ViewDefinitionError(`${node.name}() takes ${n === max ? n : `${n}–${max}`} argument(s)`);
      }
    };
    switch (node.name) {
      case 'exists': {
        arity(0, 1);
        const coll = node.args[0] ? this.where(base(), node.args[0], scope) : base();
        return this.fromBool(`(len(${coll}) > 0)`);
      }
      case 'empty':
        arity(0);
        return this.fromBool(`(len(${base()}) = 0)`);
      case 'first':
        arity(0);
        return `coalesce(list_slice(${base()}, 1, 1), ${EMPTY})`;
      case 'last':
        arity(0);
        return `coalesce(list_slice(${base()}, -1, -1), ${EMPTY})`;
      case 'count':
        arity(0);
        return `[to_json(len(${base()}))]`;
      case 'not':
        arity(0);
        return this.fromBool(`(NOT ${this.bool(base())})`);
      case 'where':
        arity(1);
        return this.where(base(), node.args[0]!, scope);
      case 'join': {
        arity(0, 1);
        const sep = this.stringArg(node.args[0], 'join');
        const v = this.fresh();
        return `[to_json(array_to_string(list_transform(${base()}, lambda ${v}: ${v} ->> '$'), ${quoteString(sep)}))]`;
      }
      case 'ofType':
        arity(1);
        return this.ofType(node.base, this.typeArg(node.args[0], 'ofType'), scope);
      case 'extension': {
        arity(1);
        const url = this.stringArg(node.args[0], 'extension');
        const v = this.fresh();
        return `list_filter(${this.navigate(base(), 'extension')}, lambda ${v}: (${v} ->> 'url') = ${quoteString(url)})`;
      }
      case 'getResourceKey': {
        arity(0);
        const v = this.fresh();
        return `list_transform(${base()}, lambda ${v}: to_json((${v} ->> 'resourceType') || '/' || (${v} ->> 'id')))`;
      }
      case 'lowBoundary':
      case 'highBoundary': {
        arity(0);
        const hint =
          node.base?.kind === 'call' && node.base.name === 'ofType'
            ? this.typeArg(node.base.args[0], 'ofType')
            : undefined;
        const v = this.fresh();
        const w = this.fresh();
        const one = this.boundary(v, node.name === 'lowBoundary', hint);
        return `list_filter(list_transform(${base()}, lambda ${v}: ${one}), lambda ${w}: ${w} IS NOT NULL)`;
      }
      case 'getReferenceKey': {
        arity(0, 1);
        const type = node.args[0] ? this.typeArg(node.args[0], 'getReferenceKey') : null;
        const v = this.fresh();
        const w = this.fresh();
        // A relative or absolute literal reference, without its _history: the same "Type/id" key
        // getResourceKey() gives, so views join on equality.
        const key = `regexp_extract(${v} ->> 'reference', '([A-Za-z]+/[A-Za-z0-9\\-\\.]{1,64})(/_history/[^/]+)?$', 1)`;
        const keys = `list_filter(list_transform(${base()}, lambda ${v}: nullif(${key}, '')), lambda ${w}: ${w} IS NOT NULL${
          type ? ` AND starts_with(${w}, ${quoteString(`${type}/`)})` : ''
        })`;
        const k = this.fresh();
        return `list_transform(${keys}, lambda ${k}: to_json(${k}))`;
      }
      default:
        throw new ViewDefinitionError(`function ${node.name}() is not supported`);
    }
  }

  /**
   * The least or greatest value a decimal, date, dateTime or time could stand for at its
   * precision: 1.587 → 1.5865 / 1.5875 (an integer counts one decimal: 1 → 0.95 / 1.05, as the
   * suite expects); 2010-10 → 2010-10-01 / 2010-10-31; a dateTime without a zone takes the widest
   * (+14:00 low, -12:00 high). JSON does not say date from dateTime, so a string is a dateTime
   * when ofType(dateTime|instant) said so or it has a time part. DuckDB's JSON keeps no trailing
   * zeros (1.50 reads as 1.5), so a decimal's precision is that of its shortest form.
   */
  private boundary(v: string, low: boolean, hint: string | undefined): string {
    const decimals = `greatest(length(regexp_extract(${v}::VARCHAR, '\\.([0-9]+)', 1)), 1)`;
    const half = `(0.5 * pow(10, -${decimals}))`;
    const number = `to_json(round(${v}::DOUBLE ${low ? '-' : '+'} ${half}, (${decimals} + 1)::INTEGER))`;
    const text = (s: string): string => {
      const part = (re: string): string => `nullif(regexp_extract(${s}, '${re}', 1), '')`;
      const clock = (t: string): string => {
        const p = (re: string): string => `nullif(regexp_extract(${t}, '${re}', 1), '')`;
        return (
          `coalesce(${p('^([0-9]{2})')}, '${low ? '00' : '23'}') || ':' || coalesce(${p('^[0-9]{2}:([0-9]{2})')}, '${low ? '00' : '59'}') || ':' || ` +
          `coalesce(${p('^[0-9]{2}:[0-9]{2}:([0-9]{2})')}, '${low ? '00' : '59'}') || '.' || ` +
          `rpad(coalesce(${p('\\.([0-9]{1,3})')}, ''), 3, '${low ? '0' : '9'}')`
        );
      };
      const year = part('^([0-9]{4})');
      const month = `coalesce(${part('^[0-9]{4}-([0-9]{2})')}, '${low ? '01' : '12'}')`;
      const lastDay = `strftime(last_day(make_date(${year}::INTEGER, ${month}::INTEGER, 1)), '%d')`;
      const day = `coalesce(${part('^[0-9]{4}-[0-9]{2}-([0-9]{2})')}, ${low ? "'01'" : lastDay})`;
      const date = `${year} || '-' || ${month} || '-' || ${day}`;
      const zone = `coalesce(${part('(Z|[+-][0-9]{2}:[0-9]{2})$')}, '${low ? '+14:00' : '-12:00'}')`;
      const dateTime = `${date} || 'T' || ${clock(`coalesce(${part('T([0-9:.]+)')}, '')`)} || ${zone}`;
      const isTime =
        hint === 'time'
          ? 'true'
          : hint
            ? 'false'
            : `regexp_matches(${s}, '^[0-9]{2}(:[0-9]{2}){1,2}(\\.[0-9]+)?$')`;
      const isDateTime =
        hint === 'dateTime' || hint === 'instant' ? 'true' : hint ? 'false' : `contains(${s}, 'T')`;
      return `to_json(CASE WHEN ${isTime} THEN ${clock(s)} WHEN ${year} IS NULL THEN NULL WHEN ${isDateTime} THEN ${dateTime} ELSE ${date} END)`;
    };
    return `CASE WHEN json_type(${v}) IN ${NUMERIC_JSON} THEN ${number} WHEN json_type(${v}) = 'VARCHAR' THEN ${this.let(`${v} ->> '$'`, text)} END`;
  }

  private where(coll: string, cond: FhirPathNode, scope: Scope): string {
    const v = this.fresh();
    const test = this.expr(cond, { ...scope, input: `[${v}]` });
    return `list_filter(${coll}, lambda ${v}: coalesce(${this.bool(test)}, false))`;
  }

  /**
   * FHIR's choice elements are stored as `value` + type (`valueQuantity`), so `value.ofType(X)`
   * reads that one property. On anything else ofType filters by the JSON kind a primitive has, or
   * by resourceType for a resource.
   */
  private ofType(baseNode: FhirPathNode | null, type: string, scope: Scope): string {
    const suffix = type.charAt(0).toUpperCase() + type.slice(1);
    if (baseNode && baseNode.kind === 'member' && !/^[A-Z]/.test(baseNode.name)) {
      const owner = baseNode.base ? this.expr(baseNode.base, scope) : scope.input;
      return this.navigate(owner, `${baseNode.name}${suffix}`);
    }
    const coll = baseNode ? this.expr(baseNode, scope) : scope.input;
    const v = this.fresh();
    const kinds: Record<string, string> = {
      string: `json_type(${v}) = 'VARCHAR'`,
      boolean: `json_type(${v}) = 'BOOLEAN'`,
      integer: `json_type(${v}) IN ('BIGINT','UBIGINT')`,
      decimal: `json_type(${v}) IN ${NUMERIC_JSON}`,
    };
    const test = kinds[type] ?? `(${v} ->> 'resourceType') = ${quoteString(type)}`;
    return `list_filter(${coll}, lambda ${v}: ${test})`;
  }

  path(path: unknown, scope: Scope): string {
    if (typeof path !== 'string') throw new ViewDefinitionError('a path must be a string');
    return this.expr(parseFhirPath(path), scope);
  }
}

interface NodeRows {
  /** SQL of type STRUCT(...)[]: this node's rows for one context item. */
  sql: string;
  columns: ViewColumn[];
}

class ViewCompiler extends Compiler {
  columnsOf(node: ViewSelect): ViewColumn[] {
    const own = node.column ?? [];
    const nested = (node.select ?? []).flatMap((s) => this.columnsOf(s));
    const union = node.unionAll && node.unionAll.length > 0 ? this.unionColumns(node.unionAll) : [];
    return [...own, ...nested, ...union];
  }

  private unionColumns(branches: ViewSelect[]): ViewColumn[] {
    const first = this.columnsOf(branches[0]!);
    const names = first.map((c) => c.name).join(',');
    for (const b of branches.slice(1)) {
      const other = this.columnsOf(b)
        .map((c) => c.name)
        .join(',');
      if (other !== names) {
        throw new ViewDefinitionError(
          `unionAll branches must have the same columns in the same order (${names} vs ${other})`,
        );
      }
    }
    return first;
  }

  private struct(fields: [string, string][]): string {
    if (fields.length === 0) return 'NULL';
    return `struct_pack(${fields.map(([n, sql]) => `${quoteIdent(n)} := ${sql}`).join(', ')})`;
  }

  /**
   * forEachOrNull's row for an empty collection: its own columns read from nothing (so all empty,
   * but %rowIndex is 0, as the suite asks), and every nested column null.
   */
  private nullRow(node: ViewSelect, scope: Scope): string {
    const own = new Map(
      (node.column ?? []).map((c) => [c.name, this.column(c, 'NULL::JSON', { ...scope, rowIndex: '0' })]),
    );
    return this.struct(this.columnsOf(node).map((c) => [c.name, own.get(c.name) ?? 'NULL::JSON']));
  }

  private column(col: ViewColumn, item: string, scope: Scope): string {
    if (!col || typeof col.name !== 'string' || !COLUMN_NAME.test(col.name)) {
      throw new ViewDefinitionError(`column name ${JSON.stringify(col?.name)} must match ${COLUMN_NAME}`);
    }
    const coll = this.path(col.path, { ...scope, input: `[${item}]` });
    if (col.collection === true) return `to_json(${coll})`;
    const message = `column "${col.name}" (${col.path}) has more than one value; mark it collection: true`;
    return this.let(
      coll,
      (c) => `CASE WHEN len(${c}) > 1 THEN error(${quoteString(message)}) ELSE ${c}[1] END`,
    );
  }

  /** Rows of a node for one context item (a JSON value). */
  rows(node: ViewSelect, item: string, scope: Scope): NodeRows {
    if (!node || typeof node !== 'object') throw new ViewDefinitionError('a select must be an object');
    const iterators = (['forEach', 'forEachOrNull', 'repeat'] as const).filter((k) => node[k] !== undefined);
    if (iterators.length > 1)
      throw new ViewDefinitionError(`a select may have only one of ${iterators.join(', ')}`);
    const columns = this.columnsOf(node);

    const iterate = (items: string): string => {
      const v = this.fresh();
      const i = this.fresh();
      const inner = this.product(node, v, { ...scope, rowIndex: `(${i} - 1)` });
      return `flatten(list_transform(${items}, lambda ${v}, ${i}: ${inner}))`;
    };

    if (node.forEach !== undefined || node.forEachOrNull !== undefined) {
      const path = node.forEach ?? node.forEachOrNull;
      const items = this.path(path, { ...scope, input: `[${item}]` });
      if (node.forEach !== undefined) return { sql: iterate(items), columns };
      const sql = this.let(
        items,
        (it) => `CASE WHEN len(${it}) = 0 THEN [${this.nullRow(node, scope)}] ELSE ${iterate(it)} END`,
      );
      return { sql, columns };
    }
    if (node.repeat !== undefined) {
      if (!Array.isArray(node.repeat) || node.repeat.length === 0) {
        throw new ViewDefinitionError('repeat must be a non-empty list of paths');
      }
      const paths = node.repeat.map((p) => parseFhirPath(p));
      const childrenOf = (v: string): string => {
        const parts = paths.map((p) => this.expr(p, { ...scope, input: `[${v}]` }));
        return parts.length === 1 ? parts[0]! : `list_concat(${parts.join(', ')})`;
      };
      // Depth-first, pre-order: an item, then its descendants, as a recursive walk would give.
      const walk = (v: string, depth: number): string => {
        if (depth === 0) {
          return `(CASE WHEN len(${childrenOf(v)}) > 0 THEN error(${quoteString(
            `repeat is nested deeper than ${REPEAT_MAX_DEPTH} levels`,
          )}) ELSE [${v}] END)`;
        }
        const c = this.fresh();
        return `list_concat([${v}], flatten(list_transform(${childrenOf(v)}, lambda ${c}: ${walk(c, depth - 1)})))`;
      };
      const top = this.fresh();
      const items = `flatten(list_transform(${childrenOf(item)}, lambda ${top}: ${walk(top, REPEAT_MAX_DEPTH - 1)}))`;
      return { sql: iterate(items), columns };
    }
    return { sql: this.product(node, item, scope), columns };
  }

  /** The cross product of a node's own columns, nested selects and unionAll, for one item. */
  product(node: ViewSelect, item: string, scope: Scope): string {
    const own: [string, string][] = (node.column ?? []).map((c) => [c.name, this.column(c, item, scope)]);
    const parts: NodeRows[] = (node.select ?? []).map((s) => this.rows(s, item, scope));
    if (node.unionAll && node.unionAll.length > 0) {
      const columns = this.unionColumns(node.unionAll);
      const branches = node.unionAll.map((b) => this.rows(b, item, scope).sql);
      parts.push({
        sql: branches.length === 1 ? branches[0]! : `list_concat(${branches.join(', ')})`,
        columns,
      });
    }
    const fields: [string, string][] = [...own];
    const vars = parts.map(() => this.fresh());
    parts.forEach((p, k) =>
      p.columns.forEach((c) => fields.push([c.name, `${vars[k]}.${quoteIdent(c.name)}`])),
    );
    let sql = `[${this.struct(fields)}]`;
    for (let k = parts.length - 1; k >= 0; k--) {
      sql = `flatten(list_transform(${parts[k]!.sql}, lambda ${vars[k]}: ${sql}))`;
    }
    return sql;
  }
}

function castColumn(ref: string, col: CompiledColumn): string {
  const one = (v: string): string => {
    switch (col.sqlType) {
      case 'VARCHAR':
        return `(${v} ->> '$')`;
      case 'JSON':
        return v;
      default:
        return `(${v})::${col.sqlType}`;
    }
  };
  if (!col.collection) return one(ref);
  const x = 'item';
  return `list_transform((${ref})::JSON[], lambda ${x}: ${one(x)})`;
}

/** Compile a ViewDefinition to a DuckDB SELECT; throws ViewDefinitionError for an invalid view. */
export function compileView(view: ViewDefinition, options: CompileOptions = {}): CompiledView {
  if (!view || typeof view !== 'object') throw new ViewDefinitionError('a ViewDefinition must be an object');
  if (typeof view.resource !== 'string' || !/^[A-Z][A-Za-z]+$/.test(view.resource)) {
    throw new ViewDefinitionError('the view must name its resource type');
  }
  if (!Array.isArray(view.select) || view.select.length === 0) {
    throw new ViewDefinitionError('the view must have at least one select');
  }
  const compiler = new ViewCompiler(view);
  const root: ViewSelect = { select: view.select };
  const columnsSpec = compiler.columnsOf(root);
  const seen = new Set<string>();
  for (const c of columnsSpec) {
    if (seen.has(c.name)) throw new ViewDefinitionError(`column "${c.name}" is defined twice`);
    seen.add(c.name);
  }
  const scope: Scope = { input: '[resource]', resource: 'resource', rowIndex: '0' };
  const rows = compiler.product(root, 'resource', scope);

  const filters = [`resource_type = ${quoteString(view.resource)}`];
  for (const w of view.where ?? []) {
    const coll = compiler.path(w?.path, scope);
    const message = `where "${w.path}" is not boolean`;
    const raw = compiler.rawBoolean(coll);
    filters.push(
      raw !== undefined
        ? `coalesce(${raw}, false)`
        : compiler.let(
            coll,
            (c) =>
              `CASE WHEN len(${c}) = 0 THEN false WHEN json_type(${c}[1]) <> 'BOOLEAN' THEN error(${quoteString(message)}) ELSE ${c}[1]::BOOLEAN END`,
          ),
    );
  }
  const columns: CompiledColumn[] = columnsSpec.map((c) => ({
    name: c.name,
    type: c.type,
    collection: c.collection === true,
    sqlType: sqlTypeOf(c.type),
  }));
  const from = options.from ?? 'fhir_resources';
  const inner = `SELECT unnest(${rows}) AS r FROM ${from} WHERE ${filters.join(' AND ')}`;
  const select =
    options.output === 'json'
      ? 'to_json(r) AS row'
      : columns.map((c) => `${castColumn(`r.${quoteIdent(c.name)}`, c)} AS ${quoteIdent(c.name)}`).join(', ');
  return { sql: `SELECT ${select} FROM (${inner})`, columns };
}

/**
 * Which top-level elements of each FHIR resource type the service's code can read, found by the
 * TypeScript checker over every source file the service loads (the engine, the cards, the prefetch
 * check): a property read, a destructured name or a string index on a value typed as an R4
 * resource. A read through the base types (Resource, DomainResource) counts for every type, and
 * anything that can reach every element (a spread, Object.keys, an index by a non-literal key) is
 * reported as `*`. The rules read resources only through these typed values, so this is the whole
 * set, including the reads on paths no fixture takes (an `effectivePeriod` behind `??`).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BASES = new Set(['Resource', 'DomainResource']);

export function resourceReads(entries: readonly string[]): Map<string, Set<string>> {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram(
    entries.map((e) => join(ROOT, e)),
    { ...options, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const out = new Map<string, Set<string>>();
  const add = (type: string, field: string) => {
    let set = out.get(type);
    if (!set) out.set(type, (set = new Set()));
    set.add(field);
  };

  /** The R4 resource interfaces a value's type can be (through unions and type parameters). */
  function resourcesOf(type: ts.Type): [string, ts.Type][] {
    const found: [string, ts.Type][] = [];
    const visit = (t: ts.Type) => {
      const c = t.isTypeParameter() ? checker.getBaseConstraintOfType(t) : t;
      if (!c) return;
      if (c.isUnionOrIntersection()) return c.types.forEach(visit);
      const symbol = c.getSymbol() ?? c.aliasSymbol;
      const decl = symbol?.declarations?.[0];
      if (!symbol || !decl) return;
      const file = decl.getSourceFile().fileName;
      if (!file.includes('/@types/fhir/')) return;
      // An R4 resource interface carries its own resourceType literal; the bases do not.
      const rt = c.getProperty('resourceType');
      if (BASES.has(symbol.name)) found.push(['Resource', c]);
      else if (rt) found.push([symbol.name, c]);
    };
    visit(type);
    return found;
  }

  const read = (expr: ts.Node, field: string) => {
    for (const [name, type] of resourcesOf(checker.getNonNullableType(checker.getTypeAtLocation(expr))))
      // A name the interface does not declare is no element (`'resource' in r` telling a union apart).
      if (field === '*' || type.getProperty(field)) add(name, field);
  };

  function walk(node: ts.Node): void {
    if (ts.isPropertyAccessExpression(node)) read(node.expression, node.name.text);
    else if (ts.isElementAccessExpression(node)) {
      const arg = node.argumentExpression;
      read(node.expression, ts.isStringLiteralLike(arg) ? arg.text : '*');
    } else if (ts.isObjectBindingPattern(node)) {
      for (const el of node.elements) {
        const name = el.propertyName ?? el.name;
        if (el.dotDotDotToken) read(node, '*');
        else if (ts.isIdentifier(name) || ts.isStringLiteralLike(name)) read(node, name.text);
        else read(node, '*');
      }
    } else if (ts.isSpreadAssignment(node) || ts.isSpreadElement(node)) read(node.expression, '*');
    else if (ts.isCallExpression(node)) {
      const callee = node.expression.getText();
      if (/^(Object\.(keys|values|entries|assign)|JSON\.stringify|structuredClone)$/.test(callee))
        for (const arg of node.arguments) read(arg, '*');
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword)
      read(node.right, ts.isStringLiteralLike(node.left) ? node.left.text : '*');
    ts.forEachChild(node, walk);
  }

  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || file.fileName.includes('/node_modules/')) continue;
    if (!file.fileName.startsWith(ROOT)) continue;
    walk(file);
  }
  return out;
}

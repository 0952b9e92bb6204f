import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** Every column name of the schema, read from the generated row types. */
const COLUMNS = new Set(
  [...readFileSync(join(__dirname, 'rows.ts'), 'utf8').matchAll(/^ {2}readonly (\w+): /gm)].map(
    (match) => match[1]!,
  ),
);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      return ['node_modules', 'dist', 'migrations'].includes(entry.name) ? [] : sourceFiles(path);
    }
    return path.endsWith('.ts') && !path.endsWith('spec.ts') ? [path] : [];
  });
}

/** A statement's text, as far as it is written out (template parts included). */
function statementText(node: ts.Expression | undefined): string {
  if (!node) return '';
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
  }
  return '';
}

const KEYWORD_TYPES = new Set([
  ts.SyntaxKind.StringKeyword,
  ts.SyntaxKind.NumberKeyword,
  ts.SyntaxKind.BooleanKeyword,
  ts.SyntaxKind.UnknownKeyword,
]);

/** True for `string`, `Date | null` and the like: a type written by hand. */
function writtenByHand(type: ts.TypeNode): boolean {
  if (KEYWORD_TYPES.has(type.kind)) return true;
  if (ts.isTypeReferenceNode(type)) return ['Date', 'Buffer'].includes(type.typeName.getText());
  if (ts.isUnionTypeNode(type)) {
    return type.types.some(
      (member) =>
        !(ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword) &&
        writtenByHand(member),
    );
  }
  return false;
}

/**
 * The raw statements whose rows name a table's column with a type written by hand,
 * where the statement does not compute that column itself (`… AS name`, `name::type`): those types
 * come from the generated row types (rows.ts), so a column that changes type in a migration
 * changes them too.
 */
function handTypedColumns(): string[] {
  const found: string[] = [];
  for (const file of ['libs', 'apps'].flatMap((folder) => sourceFiles(join(ROOT, folder)))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'query' &&
        node.typeArguments
      ) {
        const sql = statementText(node.arguments[0]);
        const look = (type: ts.Node): void => {
          if (ts.isPropertySignature(type) && type.type && COLUMNS.has(type.name.getText())) {
            const column = type.name.getText();
            const computed = new RegExp(`\\bAS\\s+"?${column}"?\\b|\\b${column}::`, 'i').test(sql);
            if (!computed && writtenByHand(type.type)) {
              const line = source.getLineAndCharacterOfPosition(type.getStart()).line + 1;
              found.push(`${relative(ROOT, file)}:${line} ${column}`);
            }
          }
          ts.forEachChild(type, look);
        };
        node.typeArguments.forEach(look);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/**
 * The row interfaces of libs/persistence (`…Row`) whose members name a table's column with a type
 * written by hand and no comment saying why (a cast in the statement, an aggregate that shares a
 * column's name): the rest take their types from rows.ts (`interface CardRow extends ColumnsOf…`).
 */
function handTypedRowInterfaces(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(join(ROOT, 'libs', 'persistence', 'src'))) {
    if (file.endsWith(join('schema', 'rows.ts'))) continue;
    const source = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    ts.forEachChild(source, (node) => {
      if (!ts.isInterfaceDeclaration(node) || !node.name.text.endsWith('Row')) return;
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !member.type) continue;
        const column = member.name.getText();
        const explained = ts.getJSDocCommentsAndTags(member).length > 0;
        if (COLUMNS.has(column) && writtenByHand(member.type) && !explained) {
          found.push(`${relative(ROOT, file)} ${node.name.text}.${column}`);
        }
      }
    });
  }
  return found;
}

describe('raw statements’ rows', () => {
  it('are declared from the schema where a row interface names a table’s columns', () => {
    expect(handTypedRowInterfaces()).toEqual([]);
  });

  it('take a table column’s type from the schema, never from a hand-written type', () => {
    expect(handTypedColumns()).toEqual([]);
  });
});

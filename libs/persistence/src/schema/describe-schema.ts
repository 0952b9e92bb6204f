import type { DataSource } from 'typeorm';

/**
 * The migrated schema as one readable SQL text: enum types, sequences, tables with their
 * columns, constraints, indexes, functions, triggers and views, each in name order. It is read
 * from PostgreSQL's catalog through its own deparsers (pg_get_constraintdef, pg_get_indexdef,
 * pg_get_functiondef, pg_get_triggerdef, pg_get_viewdef) rather than from pg_dump, whose output
 * changes between versions and which a machine running PostgreSQL in a container may not have.
 * `npm run schema:dump` writes it to libs/persistence/schema.sql; a spec fails when a fresh
 * migration no longer gives that file.
 */
export async function describeSchema(dataSource: DataSource, schema = 'public'): Promise<string> {
  const query = <T>(sql: string): Promise<T[]> => dataSource.query<T[]>(sql, [schema]);
  const sections: string[] = [];

  const enums = await query<{ name: string; labels: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
       FROM pg_type t
       JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1
      GROUP BY t.typname ORDER BY t.typname`,
  );
  sections.push(
    ...enums.map(
      ({ name, labels }) =>
        `CREATE TYPE ${name} AS ENUM (${labels.map((label) => `'${label}'`).join(', ')});`,
    ),
  );

  // Sequences a column owns by identity are part of its column; the rest stand alone.
  const sequences = await query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'S'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                         WHERE d.objid = c.oid AND d.deptype = 'i')
      ORDER BY c.relname`,
  );
  sections.push(...sequences.map(({ name }) => `CREATE SEQUENCE ${name};`));

  const columns = await query<{
    table: string;
    name: string;
    type: string;
    notNull: boolean;
    defaultValue: string | null;
    identity: string;
    generated: string;
  }>(
    `SELECT c.relname AS "table", a.attname AS name,
            format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
            pg_get_expr(d.adbin, d.adrelid) AS "defaultValue",
            a.attidentity AS identity, a.attgenerated AS generated
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
  );
  const constraints = await query<{ table: string; name: string; definition: string }>(
    `SELECT c.relname AS "table", k.conname AS name, pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1
      ORDER BY c.relname, k.contype = 'f', k.conname`,
  );
  const indexes = await query<{ table: string; definition: string }>(
    `SELECT t.relname AS "table", pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_class x ON x.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY t.relname, x.relname`,
  );
  const triggers = await query<{ table: string; definition: string }>(
    `SELECT c.relname AS "table", pg_get_triggerdef(g.oid) AS definition
       FROM pg_trigger g
       JOIN pg_class c ON c.oid = g.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT g.tgisinternal
      ORDER BY c.relname, g.tgname`,
  );

  const tables = [...new Set(columns.map((column) => column.table))];
  for (const table of tables) {
    const lines = columns
      .filter((column) => column.table === table)
      .map((column) => `  ${column.name} ${column.type}${columnTail(column)}`);
    sections.push(`CREATE TABLE ${table} (\n${lines.join(',\n')}\n);`);
    const extras = [
      ...constraints
        .filter((constraint) => constraint.table === table)
        .map(
          ({ name, definition }) => `ALTER TABLE ${table} ADD CONSTRAINT ${name} ${definition};`,
        ),
      ...indexes.filter((index) => index.table === table).map(({ definition }) => `${definition};`),
      ...triggers
        .filter((trigger) => trigger.table === table)
        .map(({ definition }) => `${definition};`),
    ];
    if (extras.length > 0) sections.push(extras.join('\n'));
  }

  const views = await query<{ name: string; materialized: boolean; definition: string }>(
    `SELECT c.relname AS name, c.relkind = 'm' AS materialized,
            pg_get_viewdef(c.oid, true) AS definition
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('v', 'm')
      ORDER BY c.relname`,
  );
  sections.push(
    ...views.map(
      ({ name, materialized, definition }) =>
        `CREATE ${materialized ? 'MATERIALIZED ' : ''}VIEW ${name} AS\n${definition.trimEnd()}`,
    ),
  );

  const functions = await query<{ definition: string }>(
    `SELECT pg_get_functiondef(p.oid) AS definition
       FROM pg_proc p
       JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND p.prokind IN ('f', 'p')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                         WHERE d.objid = p.oid AND d.deptype = 'e')
      ORDER BY p.proname, pg_get_function_identity_arguments(p.oid)`,
  );
  sections.push(...functions.map(({ definition }) => `${definition.trimEnd()};`));

  const header =
    '-- The schema the migrations build, generated by `npm run schema:dump`: do not edit by hand.\n' +
    '-- A spec (libs/persistence/src/schema/schema-file.int-spec.ts) fails when it is out of date.';
  return [header, ...sections].join('\n\n').concat('\n');
}

function columnTail(column: {
  notNull: boolean;
  defaultValue: string | null;
  identity: string;
  generated: string;
}): string {
  const identity =
    column.identity === 'a'
      ? ' GENERATED ALWAYS AS IDENTITY'
      : column.identity === 'd'
        ? ' GENERATED BY DEFAULT AS IDENTITY'
        : '';
  const value =
    column.generated === 's'
      ? ` GENERATED ALWAYS AS (${column.defaultValue}) STORED`
      : column.defaultValue !== null
        ? ` DEFAULT ${column.defaultValue}`
        : '';
  return `${column.notNull ? ' NOT NULL' : ''}${identity}${value}`;
}

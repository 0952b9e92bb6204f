import 'reflect-metadata';
import { loadDatabaseConfig } from '@loyalty/config';
import { writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../data-source-options';
import { ensureDatabaseExists } from '../database-admin';
import { verifyLedger } from '../ledger-verification';
import { OutboxRepository } from '../repositories/ledger/outbox.repository';
import { describeFreshSchema, ROW_TYPES_FILE, SCHEMA_FILE } from '../schema/fresh-schema';
import { seedDemoProgram } from './demo-program';

const USAGE =
  'usage: database.cli <create | migrate | seed-demo | verify-ledger [program-id] | replay-outbox --since <ISO time> [--program <id>] | dump-schema>';

/** `--name value` from the arguments after the command. */
function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 2 ? process.argv[index + 1] : undefined;
}

async function withDataSource<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const database = loadDatabaseConfig();
  const dataSource = new DataSource(buildDataSourceOptions(database, 'loyalty-database-cli'));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function main(command: string | undefined): Promise<void> {
  const database = loadDatabaseConfig();
  switch (command) {
    case 'create': {
      const created = await ensureDatabaseExists(database);
      console.log(`database ${database.name} ${created ? 'created' : 'already exists'}`);
      return;
    }
    case 'migrate': {
      await ensureDatabaseExists(database);
      const applied = await withDataSource((dataSource) =>
        dataSource.runMigrations({ transaction: 'each' }),
      );
      console.log(
        applied.length
          ? `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`
          : `database ${database.name} is up to date`,
      );
      return;
    }
    case 'seed-demo': {
      const summary = await withDataSource(seedDemoProgram);
      console.log(summary);
      return;
    }
    case 'verify-ledger': {
      const results = await withDataSource((dataSource) =>
        verifyLedger(dataSource, process.argv[3] ?? null),
      );
      for (const result of results) {
        const verdict = result.violations === 0 ? 'ok  ' : 'FAIL';
        console.log(
          `${verdict} ${result.rule}${result.violations ? `: ${result.violations}` : ''}`,
        );
        for (const row of result.sample) console.log(`       ${JSON.stringify(row)}`);
      }
      const broken = results.filter((result) => result.violations > 0).length;
      console.log(broken === 0 ? 'the ledger is consistent' : `${broken} rule(s) broken`);
      if (broken > 0) process.exitCode = 2;
      return;
    }
    case 'replay-outbox': {
      const since = new Date(option('since') ?? '');
      const programId = option('program') ?? null;
      if (Number.isNaN(since.getTime())) throw new Error(`--since must be a time. ${USAGE}`);
      if (programId && !/^[0-9a-f-]{36}$/i.test(programId)) {
        throw new Error(`--program must be a program id. ${USAGE}`);
      }
      const replayed = await withDataSource((dataSource) =>
        new OutboxRepository(dataSource).replaySince(since, programId?.toLowerCase() ?? null),
      );
      console.log(
        `${replayed} outbox event(s) since ${since.toISOString()} handed back to the relay; the worker consumes them again (scores are recomputed, delivered webhooks are not sent twice)`,
      );
      return;
    }
    case 'dump-schema': {
      // Run from the project's root, as `npm run schema:dump` does.
      const { sql, rowTypes } = await describeFreshSchema(database);
      writeFileSync(SCHEMA_FILE, sql);
      writeFileSync(ROW_TYPES_FILE, rowTypes);
      console.log(`${SCHEMA_FILE} and ${ROW_TYPES_FILE} written from a freshly migrated database`);
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

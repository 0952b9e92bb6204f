import type { DataSource } from 'typeorm';
import type { ColumnsOf } from '../schema/rows';

const DEMO_PROGRAM = {
  code: 'DEMO',
  name: 'Demo Coffee & Books Rewards',
  currency: 'EUR',
  timezone: 'Europe/Amsterdam',
};

const DEMO_STORES = [
  { code: 'AMS-CENTRAL', name: 'Amsterdam Central', timezone: 'Europe/Amsterdam' },
  { code: 'UTR-STATION', name: 'Utrecht Station', timezone: 'Europe/Amsterdam' },
  { code: 'WEB', name: 'Online shop', timezone: 'Europe/Amsterdam' },
];

/**
 * The demo loyalty program that `npm start` loads, idempotent so every start may run it.
 * Members join it once enrolment exists (the card-issuance issue); for now it has its stores.
 */
export async function seedDemoProgram(dataSource: DataSource): Promise<string> {
  return dataSource.transaction(async (manager) => {
    const [program] = await manager.query<ColumnsOf<'programs', 'id'>[]>(
      `INSERT INTO programs (code, name, currency, timezone) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name
       RETURNING id`,
      [DEMO_PROGRAM.code, DEMO_PROGRAM.name, DEMO_PROGRAM.currency, DEMO_PROGRAM.timezone],
    );
    for (const store of DEMO_STORES) {
      await manager.query(
        `INSERT INTO stores (program_id, code, name, timezone) VALUES ($1, $2, $3, $4)
         ON CONFLICT (program_id, code) DO UPDATE SET name = EXCLUDED.name, updated_at = now()`,
        [program?.id, store.code, store.name, store.timezone],
      );
    }
    return `demo program ${DEMO_PROGRAM.code} ready with ${DEMO_STORES.length} stores`;
  });
}

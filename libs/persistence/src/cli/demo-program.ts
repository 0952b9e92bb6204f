import type { DataSource } from 'typeorm';
import type { ColumnsOf } from '../schema/rows';

const DEMO_PROGRAM = {
  code: 'DEMO',
  name: 'Demo Coffee & Books Rewards',
  currency: 'EUR',
  timezone: 'Europe/Amsterdam',
  /** Where national phone numbers are read: a Dutch clerk types `06 12345678`. */
  phoneRegion: 'NL',
};

const DEMO_STORES = [
  { code: 'AMS-CENTRAL', name: 'Amsterdam Central', timezone: 'Europe/Amsterdam' },
  { code: 'UTR-STATION', name: 'Utrecht Station', timezone: 'Europe/Amsterdam' },
  { code: 'WEB', name: 'Online shop', timezone: 'Europe/Amsterdam' },
];

/**
 * The demo loyalty program that `npm start` loads, idempotent so every start may run it: its
 * stores here, its people and sample members from card-issuance's seed-demo. A country an admin
 * set since (PATCH /v1/program) is kept.
 */
export async function seedDemoProgram(dataSource: DataSource): Promise<string> {
  return dataSource.transaction(async (manager) => {
    const [program] = await manager.query<ColumnsOf<'programs', 'id'>[]>(
      `INSERT INTO programs (code, name, currency, timezone, phone_region)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE
         SET name = EXCLUDED.name,
             phone_region = coalesce(programs.phone_region, EXCLUDED.phone_region)
       RETURNING id`,
      [
        DEMO_PROGRAM.code,
        DEMO_PROGRAM.name,
        DEMO_PROGRAM.currency,
        DEMO_PROGRAM.timezone,
        DEMO_PROGRAM.phoneRegion,
      ],
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

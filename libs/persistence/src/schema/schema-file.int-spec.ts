import { loadLoyaltyConfig } from '@loyalty/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeFreshSchema, ROW_TYPES_FILE, SCHEMA_FILE } from './fresh-schema';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('libs/persistence/schema.sql and its row types', () => {
  it('are what the migrations build today (else run npm run schema:dump)', async () => {
    const migrated = await describeFreshSchema(loadLoyaltyConfig().database);
    // Line by line, so that a failure shows the lines that drifted.
    expect(migrated.sql.split('\n')).toEqual(
      readFileSync(join(ROOT, SCHEMA_FILE), 'utf8').split('\n'),
    );
    expect(migrated.rowTypes.split('\n')).toEqual(
      readFileSync(join(ROOT, ROW_TYPES_FILE), 'utf8').split('\n'),
    );
  }, 60_000);
});

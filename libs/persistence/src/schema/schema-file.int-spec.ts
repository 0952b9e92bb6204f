import { loadLoyaltyConfig } from '@loyalty/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeFreshSchema, SCHEMA_FILE } from './fresh-schema';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('libs/persistence/schema.sql', () => {
  it('is what the migrations build today (else run npm run schema:dump)', async () => {
    const checkedIn = readFileSync(join(ROOT, SCHEMA_FILE), 'utf8');
    const migrated = await describeFreshSchema(loadLoyaltyConfig().database);
    // Line by line, so that a failure shows the lines that drifted.
    expect(migrated.split('\n')).toEqual(checkedIn.split('\n'));
  }, 60_000);
});

import { MigrationInterface, QueryRunner } from 'typeorm';

const TRIGGER_FUNCTIONS = ['post_journal_entries', 'apply_lot_movements'];

/**
 * The ledger's statement triggers touch only the rows a statement wrote, by primary key. Their
 * transition tables carry no statistics, so on a young or fast-growing table the planner would
 * hash or merge them against a whole table, and each write would cost more as the ledger grows
 * (docs/performance.md). Inside these functions only index lookups are planned.
 */
export class LedgerTriggersByIndex1795931005968 implements MigrationInterface {
  name = 'LedgerTriggersByIndex1795931005968';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const name of TRIGGER_FUNCTIONS) {
      await queryRunner.query(`
        ALTER FUNCTION "${name}"()
          SET enable_seqscan = off
          SET enable_hashjoin = off
          SET enable_mergejoin = off
      `);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of TRIGGER_FUNCTIONS) {
      await queryRunner.query(`ALTER FUNCTION "${name}"() RESET ALL`);
    }
  }
}

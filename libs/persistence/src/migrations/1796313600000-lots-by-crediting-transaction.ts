import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finds the lots a transaction credited by index: a refund takes points back from its purchase's
 * lot first, and a reversal from the lots the reversed transaction credited. Without it each of
 * them read every lot of the ledger.
 */
export class LotsByCreditingTransaction1796313600000 implements MigrationInterface {
  name = 'LotsByCreditingTransaction1796313600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "lots_credited_by_transaction_id_idx" ON "lots" ("credited_by_transaction_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "lots_credited_by_transaction_id_idx"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Acquisition campaigns (decision 0009): what marketing spent per channel and period, and the
 * members each acquired; a member's acquisition cost is their campaign's spend per member.
 */
export class AcquisitionCampaigns1796140800002 implements MigrationInterface {
  name = 'AcquisitionCampaigns1796140800002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "acquisition_campaigns" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "channel" text NOT NULL,
                "name" text NOT NULL,
                "starts_on" date NOT NULL,
                "ends_on" date NOT NULL,
                "spend_minor" bigint NOT NULL,
                "currency" character(3) NOT NULL,
                "members_acquired" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "acquisition_campaigns_program_id_name_key" UNIQUE ("program_id", "name"),
                CONSTRAINT "acquisition_campaigns_spend_check"
                    CHECK ("spend_minor" BETWEEN 0 AND 100000000000),
                CONSTRAINT "acquisition_campaigns_members_check" CHECK ("members_acquired" >= 0),
                CONSTRAINT "acquisition_campaigns_period_check" CHECK ("ends_on" >= "starts_on"),
                CONSTRAINT "acquisition_campaigns_pkey" PRIMARY KEY ("id"),
                CONSTRAINT "acquisition_campaigns_program_id_fkey" FOREIGN KEY ("program_id")
                    REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "members" ADD "acquisition_campaign_id" uuid,
                ADD CONSTRAINT "members_acquisition_campaign_id_fkey"
                    FOREIGN KEY ("acquisition_campaign_id") REFERENCES "acquisition_campaigns"("id")
                    ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "members" DROP CONSTRAINT "members_acquisition_campaign_id_fkey",
                DROP COLUMN "acquisition_campaign_id"
        `);
    await queryRunner.query(`DROP TABLE "acquisition_campaigns"`);
  }
}

import { AcquisitionChannel } from '@loyalty/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';

const MAX_SPEND_MINOR = 100_000_000_000;

export class CreateAcquisitionCampaignRequest {
  @ApiProperty({ enum: AcquisitionChannel })
  @IsEnum(AcquisitionChannel)
  channel!: AcquisitionChannel;

  @ApiProperty({ example: 'spring-2026-flyer' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: '2026-03-01', description: 'First day, in the program’s time zone.' })
  @IsISO8601({ strict: true })
  @Length(10, 10)
  startsOn!: string;

  @ApiProperty({ example: '2026-05-31', description: 'Last day, inclusive.' })
  @IsISO8601({ strict: true })
  @Length(10, 10)
  endsOn!: string;

  @ApiProperty({
    example: 250_000,
    description: 'What the campaign cost so far, in minor units of the program currency.',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_SPEND_MINOR)
  spendMinor!: number;
}

export class UpdateAcquisitionCampaignRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ example: '2026-06-30' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10)
  endsOn?: string;

  @ApiPropertyOptional({ description: 'The spend to date, as invoices arrive.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SPEND_MINOR)
  spendMinor?: number;
}

export class AcquisitionCampaignIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  campaignId!: string;
}

export class ListAcquisitionCampaignsQuery {
  @ApiPropertyOptional({
    enum: ['running', 'all'],
    default: 'all',
    description: 'running: those a clerk may pick today.',
  })
  @IsOptional()
  @IsIn(['running', 'all'])
  show?: 'running' | 'all';
}

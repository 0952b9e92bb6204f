import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import type { CalendarPeriod } from '@loyalty/domain';
import { MAX_AMOUNT_MINOR } from '../common/amounts';
import {
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** As the database's check on programs.locale: a language and an optional region. */
const PROGRAM_LOCALE = /^[a-z]{2,3}(-[A-Z]{2})?$/;

/** What a refund and an expiry do to a voucher; a field left out stays as it is. */
export class VoucherPolicyRequest {
  @ApiPropertyOptional({
    enum: ['restore_voucher', 'return_points'],
    description:
      'When the receipt a voucher was used on is refunded in full: the voucher can be used ' +
      'again (until its own expiry), or its points go back to the member.',
  })
  @IsOptional()
  @IsIn(['restore_voucher', 'return_points'])
  onRefund?: 'restore_voucher' | 'return_points';

  @ApiPropertyOptional({
    enum: ['return_points', 'forfeit'],
    description:
      'When a voucher expires unused: its points go back to the member, or are forfeited.',
  })
  @IsOptional()
  @IsIn(['return_points', 'forfeit'])
  onExpiry?: 'return_points' | 'forfeit';
}

/** What a referral earns and how many one member may bring; a field left out stays. */
export class ReferralPolicyRequest {
  @ApiPropertyOptional({ example: 200, description: 'Points for the member whose code was used.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  referrerPoints?: number;

  @ApiPropertyOptional({ example: 100, description: 'Points for the member who enrolled with it.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  refereePoints?: number;

  @ApiPropertyOptional({ example: 1500, description: 'The smallest purchase that qualifies.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_MINOR)
  minPurchaseMinor?: number;

  @ApiPropertyOptional({ example: 10, description: 'Referrals per referrer per period; 0: off.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  capPerReferrer?: number;

  @ApiPropertyOptional({ enum: ['day', 'week', 'month', 'year', 'ever'] })
  @IsOptional()
  @IsIn(['day', 'week', 'month', 'year', 'ever'])
  capPeriod?: CalendarPeriod;
}

/** What an admin changes of the program itself; a field left out stays as it is. */
export class ProgramSettingsRequest {
  @ApiPropertyOptional({ example: 'Coffee Club' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'NL',
    description:
      'ISO 3166-1 alpha-2: national phone numbers (06 17540594) are read in this country; ' +
      'null accepts only international ones (+31 6 17540594).',
  })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsISO31661Alpha2()
  country?: string | null;

  @ApiPropertyOptional({
    example: 'Europe/Amsterdam',
    description: 'IANA time zone: local days and periods (expiry dates) are counted in it.',
  })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({
    example: 'fr',
    description:
      'BCP 47 language, with an optional region (fr, fr-BE, en-GB): the language staff see first.',
  })
  @IsOptional()
  @Matches(PROGRAM_LOCALE, { message: 'locale must be a language such as fr or en-GB' })
  locale?: string;

  @ApiPropertyOptional({ type: VoucherPolicyRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => VoucherPolicyRequest)
  voucherPolicy?: VoucherPolicyRequest;

  @ApiPropertyOptional({ type: ReferralPolicyRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReferralPolicyRequest)
  referralPolicy?: ReferralPolicyRequest;
}

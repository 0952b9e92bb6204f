import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

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

  @ApiPropertyOptional({ type: VoucherPolicyRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => VoucherPolicyRequest)
  voucherPolicy?: VoucherPolicyRequest;
}

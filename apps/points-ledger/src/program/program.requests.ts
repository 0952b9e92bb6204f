import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  ValidateIf,
} from 'class-validator';

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
}

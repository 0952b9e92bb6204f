import { IsCardNumber } from '@loyalty/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { MAX_POINTS } from '../common/amounts';

export class RedemptionRequest {
  @ApiProperty({ description: 'The card presented at the till.' })
  @IsCardNumber()
  cardNumber!: string;

  @ApiProperty({ example: 500 })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  points!: number;

  @ApiProperty({
    example: '04718265',
    description: 'The 8-digit code the member’s app shows: the card number alone spends nothing.',
  })
  @IsString()
  @Matches(/^\d{8}$/, { message: 'redemptionCode must be the 8 digits the member’s app shows' })
  redemptionCode!: string;

  @ApiPropertyOptional({ description: 'What the points paid for, e.g. the receipt id.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reference?: string;
}

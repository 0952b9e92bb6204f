import { ApiProperty } from '@nestjs/swagger';
import { IsCardNumber } from '@loyalty/platform';

export class CardNumberParams {
  @ApiProperty({ description: 'The card number: 19 digits.', example: '6281234500000000018' })
  @IsCardNumber()
  number!: string;
}

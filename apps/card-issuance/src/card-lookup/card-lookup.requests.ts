import { IsCardNumber } from '@loyalty/platform';

export class CardNumberParams {
  @IsCardNumber()
  number!: string;
}

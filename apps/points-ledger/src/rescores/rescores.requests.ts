import { IsId } from '@loyalty/platform';

export class RescoreIdParams {
  @IsId()
  rescoreId!: string;
}

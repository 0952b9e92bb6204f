import { ApiProperty } from '@nestjs/swagger';
import { IsId } from '@loyalty/platform';

export class RescoreIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  rescoreId!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class MyCardParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  cardId!: string;
}

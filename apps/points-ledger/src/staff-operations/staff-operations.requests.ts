import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ReversalRequest {
  @ApiProperty({ example: 'credited to the wrong member' })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

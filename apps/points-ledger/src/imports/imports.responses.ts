import { ApiProperty } from '@nestjs/swagger';

export class ImportRowErrorResponse {
  @ApiProperty({ description: 'The row: its place in the request (1 for the first).' })
  line!: number;

  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ example: 'a member needs an email or a phone' })
  detail!: string;
}

export class ImportSummaryResponse {
  @ApiProperty({ enum: ['members', 'balances', 'purchases'] })
  kind!: 'members' | 'balances' | 'purchases';

  @ApiProperty()
  rows!: number;

  @ApiProperty()
  imported!: number;

  @ApiProperty({ description: 'Rows imported before: nothing written twice.' })
  skipped!: number;

  @ApiProperty()
  failed!: number;

  @ApiProperty({ description: 'Always 0 over HTTP; a file run says how far it had got before.' })
  resumedAfter!: number;

  @ApiProperty({ type: [ImportRowErrorResponse] })
  errors!: ImportRowErrorResponse[];
}

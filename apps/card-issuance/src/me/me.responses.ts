import { ApiProperty } from '@nestjs/swagger';

export class GoogleWalletLinkResponse {
  @ApiProperty({ example: 'https://pay.google.com/gp/v/save/eyJ…' })
  saveUrl!: string;
}

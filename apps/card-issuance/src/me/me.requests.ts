import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { type Symbology } from '../card-artwork/barcodes';

export class MyCardParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  cardId!: string;
}

export class BarcodeRequest {
  @ApiPropertyOptional({ enum: ['code128', 'qrcode'], default: 'code128' })
  @IsOptional()
  @IsIn(['code128', 'qrcode'])
  symbology: Symbology = 'code128';
}

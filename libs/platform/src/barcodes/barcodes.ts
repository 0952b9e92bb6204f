import { Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import bwipjs from 'bwip-js';
import { IsIn, IsOptional } from 'class-validator';

export type Symbology = 'code128' | 'qrcode';

/** The query of a barcode image route: which symbology to draw. */
export class BarcodeRequest {
  @ApiPropertyOptional({ enum: ['code128', 'qrcode'], default: 'code128' })
  @IsOptional()
  @IsIn(['code128', 'qrcode'])
  symbology: Symbology = 'code128';
}

/** Barcode images of a card number or a voucher code, as the till scans them and the app shows them. */
@Injectable()
export class Barcodes {
  svg(text: string, symbology: Symbology): string {
    return bwipjs.toSVG(this.options(text, symbology));
  }

  png(text: string, symbology: Symbology): Promise<Buffer> {
    return bwipjs.toBuffer(this.options(text, symbology));
  }

  private options(text: string, symbology: Symbology): bwipjs.RenderOptions {
    return symbology === 'code128'
      ? {
          bcid: 'code128',
          text,
          scale: 3,
          height: 12,
          includetext: true,
          textxalign: 'center',
        }
      : { bcid: 'qrcode', text, scale: 4 };
  }
}

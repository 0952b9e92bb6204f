import { Injectable } from '@nestjs/common';
import bwipjs from 'bwip-js';

export type Symbology = 'code128' | 'qrcode';

/** Barcode images of a card number, as the till scans them and the app shows them. */
@Injectable()
export class Barcodes {
  svg(number: string, symbology: Symbology): string {
    return bwipjs.toSVG(this.options(number, symbology));
  }

  png(number: string, symbology: Symbology): Promise<Buffer> {
    return bwipjs.toBuffer(this.options(number, symbology));
  }

  private options(number: string, symbology: Symbology): bwipjs.RenderOptions {
    return symbology === 'code128'
      ? {
          bcid: 'code128',
          text: number,
          scale: 3,
          height: 12,
          includetext: true,
          textxalign: 'center',
        }
      : { bcid: 'qrcode', text: number, scale: 4 };
  }
}

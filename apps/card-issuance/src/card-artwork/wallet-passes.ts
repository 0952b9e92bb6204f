import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import {
  type Card,
  DomainError,
  DomainErrorCode,
  type Member,
  type Program,
} from '@loyalty/domain';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { readFileSync } from 'node:fs';
import { PKPass } from 'passkit-generator';
import { WALLET_ICON_2X_PNG, WALLET_ICON_PNG } from './wallet-icons';

/** A certificate or key from configuration: PEM text, or the path of a PEM file. */
const pemOf = (value: string): string =>
  value.includes('-----BEGIN') ? value.replaceAll('\\n', '\n') : readFileSync(value, 'utf8');

const notConfigured = (wallet: string): DomainError =>
  new DomainError(DomainErrorCode.WalletNotConfigured, `this program does not offer ${wallet}`);

/**
 * Wallet passes for a member's card: an Apple Wallet .pkpass (a store card, signed with the
 * program's pass certificate) and a "Save to Google Wallet" link (a JWT signed by the issuer's
 * service account). Both carry the card number as a Code 128 barcode.
 */
@Injectable()
export class WalletPasses {
  private readonly apple;

  constructor(
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
    private readonly jwt: JwtService,
  ) {
    // Read once at boot: a missing certificate file stops the app instead of failing later.
    const apple = config.appleWallet;
    this.apple = apple && {
      ...apple,
      certificates: {
        wwdr: pemOf(apple.wwdrCertificate),
        signerCert: pemOf(apple.signerCertificate),
        signerKey: pemOf(apple.signerKey),
        ...(apple.signerKeyPassphrase ? { signerKeyPassphrase: apple.signerKeyPassphrase } : {}),
      },
    };
  }

  applePass(program: Program, member: Member, card: Card): Buffer {
    if (!this.apple) throw notConfigured('Apple Wallet passes');
    const passJson = {
      formatVersion: 1,
      passTypeIdentifier: this.apple.passTypeIdentifier,
      teamIdentifier: this.apple.teamIdentifier,
      serialNumber: card.id,
      organizationName: program.name,
      description: `${program.name} loyalty card`,
      logoText: program.name,
      foregroundColor: 'rgb(255, 255, 255)',
      backgroundColor: 'rgb(30, 90, 60)',
      storeCard: {
        primaryFields: [{ key: 'member', label: 'Member', value: member.name ?? 'Member' }],
        secondaryFields: [{ key: 'tier', label: 'Tier', value: member.tier ?? '—' }],
        backFields: [{ key: 'number', label: 'Card number', value: card.number }],
      },
    };
    const pass = new PKPass(
      {
        'pass.json': Buffer.from(JSON.stringify(passJson)),
        'icon.png': WALLET_ICON_PNG,
        'icon@2x.png': WALLET_ICON_2X_PNG,
      },
      this.apple.certificates,
    );
    pass.setBarcodes({
      message: card.number,
      format: 'PKBarcodeFormatCode128',
      messageEncoding: 'iso-8859-1',
      altText: card.number,
    });
    return pass.getAsBuffer();
  }

  async googleSaveLink(program: Program, member: Member, card: Card): Promise<string> {
    const google = this.config.googleWallet;
    if (!google) throw notConfigured('Google Wallet passes');
    const token = await this.jwt.signAsync(
      {
        iss: google.serviceAccountEmail,
        aud: 'google',
        typ: 'savetowallet',
        origins: [],
        payload: {
          loyaltyObjects: [
            {
              id: `${google.issuerId}.${card.id}`,
              classId: `${google.issuerId}.${program.code.toLowerCase()}`,
              state: 'ACTIVE',
              accountId: member.id,
              accountName: member.name ?? 'Member',
              barcode: { type: 'CODE_128', value: card.number, alternateText: card.number },
            },
          ],
        },
      },
      { privateKey: pemOf(google.privateKey), algorithm: 'RS256' },
    );
    return `https://pay.google.com/gp/v/save/${token}`;
  }
}

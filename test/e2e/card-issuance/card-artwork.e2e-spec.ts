import { StaffRole } from '@loyalty/domain';
import {
  call,
  CapturingWebhook,
  createProgram,
  createStaffAccount,
  createThrowawayPassCertificates,
  openTestDataSource,
  type ProgramFixture,
  readStoredZip,
  type RunningApp,
  signInMember,
  signInStaff,
  startApp,
} from '@loyalty/testing';
import { JwtService } from '@nestjs/jwt';
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createCardIssuanceApp } from '../../../apps/card-issuance/src/card-issuance.app';

const PASS_TYPE = 'pass.com.example.loyalty';
const TEAM = 'ABCDE12345';
const GOOGLE_ISSUER = '3388000000012345678';
const GOOGLE_ACCOUNT = 'wallet@example-project.iam.gserviceaccount.com';

describe('card-issuance: barcodes and wallet passes', () => {
  let running: RunningApp;
  let dataSource: DataSource;
  let webhook: CapturingWebhook;
  let program: ProgramFixture;
  let directory: string;
  let googlePublicKey: string;
  let token: string;
  let card: { id: string; number: string };

  const fetchBytes = async (path: string) => {
    const response = await fetch(`${running.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    webhook = await CapturingWebhook.start();
    directory = mkdtempSync(join(tmpdir(), 'loyalty-wallet-'));
    const certificates = createThrowawayPassCertificates(PASS_TYPE, TEAM);
    writeFileSync(join(directory, 'wwdr.pem'), certificates.wwdrPem);
    writeFileSync(join(directory, 'signer.pem'), certificates.signerCertificatePem);
    writeFileSync(join(directory, 'signer.key'), certificates.signerKeyPem);
    const google = generateKeyPairSync('rsa', { modulusLength: 2048 });
    googlePublicKey = google.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    running = await startApp(createCardIssuanceApp, {
      SIGN_IN_CODE_WEBHOOK_URL: webhook.url,
      APPLE_PASS_TYPE_IDENTIFIER: PASS_TYPE,
      APPLE_TEAM_IDENTIFIER: TEAM,
      // One certificate as PEM text, the others as file paths: both forms are accepted.
      APPLE_WWDR_CERTIFICATE: certificates.wwdrPem,
      APPLE_SIGNER_CERTIFICATE: join(directory, 'signer.pem'),
      APPLE_SIGNER_KEY: join(directory, 'signer.key'),
      GOOGLE_WALLET_ISSUER_ID: GOOGLE_ISSUER,
      GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL: GOOGLE_ACCOUNT,
      GOOGLE_WALLET_PRIVATE_KEY: google.privateKey
        .export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    });
    program = await createProgram(dataSource);
    const clerk = await signInStaff(
      running.baseUrl,
      await createStaffAccount(dataSource, program.programId, StaffRole.Clerk, program.storeIds[0]),
    );
    const email = `wallet-${randomUUID()}@example.com`;
    const enrolled = await call<{ card: { id: string; number: string } }>(
      running.baseUrl,
      'POST',
      '/v1/members',
      {
        token: clerk,
        body: {
          name: 'Margaret Hamilton',
          email,
          acquisitionChannel: 'app',
          marketingConsent: false,
          card: { kind: 'virtual' },
        },
      },
    );
    card = enrolled.body.card;
    token = (await signInMember(running.baseUrl, webhook, program.programCode, email)).accessToken;
  });

  afterAll(async () => {
    await running?.close();
    await webhook?.close();
    await dataSource?.destroy();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('renders the card number as Code 128 and as QR, in SVG and PNG', async () => {
    const code128 = await fetchBytes(`/v1/me/cards/${card.id}/barcode.svg`);
    const qr = await fetchBytes(`/v1/me/cards/${card.id}/barcode.svg?symbology=qrcode`);
    const png = await fetchBytes(`/v1/me/cards/${card.id}/barcode.png`);

    expect(code128.response.headers.get('content-type')).toBe('image/svg+xml');
    expect(code128.bytes.toString()).toMatch(/^<svg[^>]*viewBox=/);
    expect(qr.bytes.toString()).toMatch(/^<svg/);
    expect(qr.bytes.equals(code128.bytes)).toBe(false);
    expect(png.response.headers.get('content-type')).toBe('image/png');
    expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });

  it('refuses an unknown symbology with 400 naming the field', async () => {
    const response = await call(
      running.baseUrl,
      'GET',
      `/v1/me/cards/${card.id}/barcode.svg?symbology=ean13`,
      {
        token,
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'symbology', location: 'query' }),
    ]);
  });

  it('issues an Apple Wallet pass whose manifest and signature hold', async () => {
    const { response, bytes } = await fetchBytes(`/v1/me/cards/${card.id}/wallet-pass.pkpass`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.apple.pkpass');

    const files = readStoredZip(bytes);
    expect([...files.keys()].sort()).toEqual(
      ['icon.png', 'icon@2x.png', 'manifest.json', 'pass.json', 'signature'].sort(),
    );
    const pass = JSON.parse(files.get('pass.json')!.toString()) as Record<string, unknown>;
    expect(pass).toMatchObject({
      formatVersion: 1,
      passTypeIdentifier: PASS_TYPE,
      teamIdentifier: TEAM,
      serialNumber: card.id,
      storeCard: {
        primaryFields: [expect.objectContaining({ value: 'Margaret Hamilton' }) as unknown],
      },
    });
    expect(pass.barcodes).toEqual([
      expect.objectContaining({ message: card.number, format: 'PKBarcodeFormatCode128' }),
    ]);

    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as Record<string, string>;
    for (const [name, content] of files) {
      if (name === 'manifest.json' || name === 'signature') continue;
      expect([name, manifest[name]]).toEqual([
        name,
        createHash('sha1').update(content).digest('hex'),
      ]);
    }

    const verify = (manifestBytes: Buffer) => {
      writeFileSync(join(directory, 'manifest.json'), manifestBytes);
      writeFileSync(join(directory, 'signature'), files.get('signature')!);
      execFileSync(
        'openssl',
        [
          'cms',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-in',
          join(directory, 'signature'),
          '-content',
          join(directory, 'manifest.json'),
          '-CAfile',
          join(directory, 'wwdr.pem'),
          '-purpose',
          'any',
          '-out',
          '/dev/null',
        ],
        { stdio: 'pipe' },
      );
    };
    expect(() => verify(files.get('manifest.json')!)).not.toThrow();
    const tampered = Buffer.from(
      files
        .get('manifest.json')!
        .toString()
        .replace(/"[0-9a-f]{40}"/, `"${'0'.repeat(40)}"`),
    );
    expect(() => verify(tampered)).toThrow();
  });

  it('signs a "Save to Google Wallet" link with the service account key', async () => {
    const response = await call<{ saveUrl: string }>(
      running.baseUrl,
      'GET',
      `/v1/me/cards/${card.id}/google-wallet-link`,
      { token },
    );
    expect(response.status).toBe(200);
    const prefix = 'https://pay.google.com/gp/v/save/';
    expect(response.body.saveUrl.startsWith(prefix)).toBe(true);

    const claims = await new JwtService().verifyAsync<{
      iss: string;
      aud: string;
      typ: string;
      payload: {
        loyaltyObjects: { id: string; classId: string; barcode: { type: string; value: string } }[];
      };
    }>(response.body.saveUrl.slice(prefix.length), {
      publicKey: googlePublicKey,
      algorithms: ['RS256'],
    });
    expect(claims).toMatchObject({ iss: GOOGLE_ACCOUNT, aud: 'google', typ: 'savetowallet' });
    expect(claims.payload.loyaltyObjects).toEqual([
      expect.objectContaining({
        id: `${GOOGLE_ISSUER}.${card.id}`,
        barcode: expect.objectContaining({ type: 'CODE_128', value: card.number }) as unknown,
      }),
    ]);
  });
});

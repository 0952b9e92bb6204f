import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface ThrowawayPassCertificates {
  /** Stands in for Apple's WWDR intermediate: the trust anchor of the signature. */
  readonly wwdrPem: string;
  readonly signerCertificatePem: string;
  readonly signerKeyPem: string;
}

const rsaKeyPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: forge.pki.privateKeyFromPem(
      privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    ),
    publicKey: forge.pki.publicKeyFromPem(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ),
  };
};

function certificate(
  subject: forge.pki.CertificateField[],
  issuer: forge.pki.CertificateField[],
  publicKey: forge.pki.PublicKey,
  signingKey: forge.pki.rsa.PrivateKey,
  serial: string,
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.setExtensions(extensions);
  cert.sign(signingKey, forge.md.sha256.create());
  return cert;
}

/** A certificate authority and a pass-signing certificate it issued, made up for one test run. */
export function createThrowawayPassCertificates(
  passTypeIdentifier: string,
  teamIdentifier: string,
): ThrowawayPassCertificates {
  const ca = rsaKeyPair();
  const caName = [{ name: 'commonName', value: 'Throwaway WWDR for tests' }];
  const caCert = certificate(caName, caName, ca.publicKey, ca.privateKey, '01', [
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true },
  ]);
  const signer = rsaKeyPair();
  const signerCert = certificate(
    [
      { type: '0.9.2342.19200300.100.1.1', value: passTypeIdentifier },
      { name: 'commonName', value: `Pass Type ID: ${passTypeIdentifier}` },
      { name: 'organizationalUnitName', value: teamIdentifier },
    ],
    caName,
    signer.publicKey,
    ca.privateKey,
    '02',
    [{ name: 'keyUsage', digitalSignature: true }],
  );
  return {
    wwdrPem: forge.pki.certificateToPem(caCert),
    signerCertificatePem: forge.pki.certificateToPem(signerCert),
    signerKeyPem: forge.pki.privateKeyToPem(signer.privateKey),
  };
}

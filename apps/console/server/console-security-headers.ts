import { securityHeaders } from '@loyalty/platform';

/**
 * The console's pages may run only the console's own scripts and styles and talk only to its own
 * origin: a strict content security policy on top of the apps' helmet headers. Images may be
 * blob: URLs (barcodes fetched with the staff token) and data: URLs (chart downloads).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function consoleSecurityHeaders(): Readonly<Record<string, string>> {
  return {
    ...securityHeaders(),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}

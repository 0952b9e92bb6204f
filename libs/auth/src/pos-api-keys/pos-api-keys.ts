import type { PosTerminalPrincipal } from '@loyalty/domain';
import { ExpiringCache, PosApiKeyRepository, type StoredPosApiKey } from '@loyalty/persistence';

import { Injectable } from '@nestjs/common';
import { mintOpaqueToken, parseOpaqueToken, secretMatches } from '../tokens/opaque-token';

const KEY_KIND = 'pos';
/** Every till request authenticates; a revocation made in another process shows within this. */
export const POS_KEY_CACHE_TTL_MS = 5_000;

export interface NewPosApiKey {
  readonly programId: string;
  readonly storeId: string;
  readonly terminalCode: string;
  readonly label: string | null;
  readonly createdByStaffId: string | null;
}

/**
 * POS API keys, one per till: `pos_<id>_<secret>`. The key is returned once at creation and only
 * the SHA-256 of its secret is kept, so a database leak yields no usable key. The points-ledger
 * service authenticates tills through the same class.
 */
@Injectable()
export class PosApiKeys {
  private readonly known = new ExpiringCache<string, StoredPosApiKey | null>(POS_KEY_CACHE_TTL_MS);

  constructor(private readonly keys: PosApiKeyRepository) {}

  async create(key: NewPosApiKey): Promise<{ key: StoredPosApiKey; apiKey: string }> {
    const minted = mintOpaqueToken(KEY_KIND);
    const stored = await this.keys.insert({ ...key, id: minted.id, secretHash: minted.secretHash });
    return { key: stored, apiKey: minted.token };
  }

  /** The till the key belongs to, or null when the key is unknown, wrong or revoked. */
  async authenticate(apiKey: string): Promise<PosTerminalPrincipal | null> {
    const parsed = parseOpaqueToken(KEY_KIND, apiKey);
    if (!parsed) return null;
    const stored = await this.known.get(parsed.id, () => this.keys.findById(parsed.id));
    if (!stored || stored.revokedAt || !secretMatches(parsed.secret, stored.secretHash)) {
      return null;
    }
    return {
      kind: 'pos-terminal',
      apiKeyId: stored.id,
      programId: stored.programId,
      storeId: stored.storeId,
      terminalCode: stored.terminalCode,
    };
  }

  /** Revokes a key; this process refuses it from the next request, others within the cache TTL. */
  async revoke(programId: string, keyId: string): Promise<StoredPosApiKey | null> {
    const revoked = await this.keys.revoke(programId, keyId);
    this.known.forget(keyId);
    return revoked;
  }
}

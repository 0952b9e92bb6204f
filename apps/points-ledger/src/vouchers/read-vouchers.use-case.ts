import { DomainError, DomainErrorCode, type VoucherStatus } from '@loyalty/domain';
import {
  canonicalVoucherCode,
  MemberResolver,
  refuseUnusableVoucher,
  voucherCodeHash,
  voucherNotFound,
} from '@loyalty/ledger';
import { CatalogRepository, type VoucherRecord } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

const MEMBER_VOUCHERS_LIMIT = 200;

/** Why a till may not use a voucher now; null when it may. */
export type VoucherRefusal = 'redeemed' | 'returned' | 'expired' | 'not_valid_in_store';

/** A code as a till sent it, in its canonical form, or a 400 naming it. */
export function canonicalCodeOrRefuse(input: string): string {
  const code = canonicalVoucherCode(input);
  if (!code) {
    throw new DomainError(
      DomainErrorCode.ValidationFailed,
      'not a voucher code: 17 letters and digits whose last one checks the others',
      'code',
    );
  }
  return code;
}

/** The member's vouchers for the app, and a voucher as a till checks it before using it. */
@Injectable()
export class ReadVouchersUseCase {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly members: MemberResolver,
  ) {}

  async ofMember(
    programId: string,
    memberId: string,
    status: VoucherStatus | null,
  ): Promise<VoucherRecord[]> {
    await this.members.member(programId, memberId);
    return this.catalog.vouchersOf(programId, memberId, status, MEMBER_VOUCHERS_LIMIT);
  }

  async oneOfMember(
    programId: string,
    memberId: string,
    voucherId: string,
  ): Promise<VoucherRecord> {
    const voucher = await this.catalog.voucher(programId, { id: voucherId });
    // Another member's voucher is not found: its id tells nothing.
    if (!voucher || voucher.memberId !== memberId) {
      throw new DomainError(
        DomainErrorCode.VoucherNotFound,
        'the member has no such voucher',
        'voucherId',
      );
    }
    return voucher;
  }

  /** The voucher a code names in the till's program, and whether the till may use it now. */
  async check(
    programId: string,
    storeId: string,
    code: string,
  ): Promise<{ voucher: VoucherRecord; refusal: VoucherRefusal | null }> {
    const voucher = await this.catalog.voucher(programId, {
      codeHash: voucherCodeHash(canonicalCodeOrRefuse(code)),
    });
    if (!voucher) throw voucherNotFound();
    try {
      refuseUnusableVoucher(voucher, storeId, new Date());
      return { voucher, refusal: null };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return {
        voucher,
        refusal:
          error.code === DomainErrorCode.VoucherNotValidInStore
            ? 'not_valid_in_store'
            : (error.extensions?.voucherStatus as VoucherRefusal),
      };
    }
  }
}

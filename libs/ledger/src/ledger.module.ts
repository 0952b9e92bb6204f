import { Module } from '@nestjs/common';
import { AdjustPointsUseCase } from './adjustments/adjust-points.use-case';
import { DecideAdjustmentUseCase } from './adjustments/decide-adjustment.use-case';
import { MemberResolver } from './common/member-resolver';
import { ProgramSettings } from './common/program-settings';
import { ForfeitErasedPointsUseCase } from './erasure/forfeit-erased-points.use-case';
import { ManageEarningRulesUseCase } from './earning-rules/manage-earning-rules.use-case';
import { ExpirePointsUseCase } from './expiry/expire-points.use-case';
import { PlaceHoldUseCase } from './holds/place-hold.use-case';
import { MergeMemberPointsUseCase } from './merges/merge-member-points.use-case';
import { ImportHistoryUseCase } from './imports/import-history.use-case';
import { SettleHoldUseCase } from './holds/settle-hold.use-case';
import { PreviewPurchaseUseCase } from './purchases/preview-purchase.use-case';
import { RecordPurchaseUseCase } from './purchases/record-purchase.use-case';
import { RedeemPointsUseCase } from './redemptions/redeem-points.use-case';
import { CreditRewardUseCase } from './rewards/credit-reward.use-case';
import { IssueRedemptionCodeUseCase } from './redemptions/redemption-codes';
import { RefundPurchaseUseCase } from './refunds/refund-purchase.use-case';
import { ReverseTransactionUseCase } from './reversals/reverse-transaction.use-case';
import { TransferPointsUseCase } from './transfers/transfer-points.use-case';
import { ClaimRewardUseCase } from './vouchers/claim-reward.use-case';
import { ExpireVouchersUseCase } from './vouchers/expire-vouchers.use-case';
import { RedeemVoucherUseCase } from './vouchers/redeem-voucher.use-case';
import { VoucherCodes } from './vouchers/voucher-codes';
import { LedgerWriter } from './writer/ledger-writer';

const useCases = [
  AdjustPointsUseCase,
  ClaimRewardUseCase,
  CreditRewardUseCase,
  DecideAdjustmentUseCase,
  ExpireVouchersUseCase,
  ManageEarningRulesUseCase,
  MergeMemberPointsUseCase,
  ExpirePointsUseCase,
  ForfeitErasedPointsUseCase,
  ImportHistoryUseCase,
  IssueRedemptionCodeUseCase,
  PlaceHoldUseCase,
  PreviewPurchaseUseCase,
  RecordPurchaseUseCase,
  RedeemPointsUseCase,
  RedeemVoucherUseCase,
  RefundPurchaseUseCase,
  ReverseTransactionUseCase,
  SettleHoldUseCase,
  TransferPointsUseCase,
];

/**
 * The ledger's write use cases, for the points-ledger app and the worker alike (the worker
 * expires points and, later, credits rewards). Persistence comes from the app's PlatformModule.
 */
const shared = [LedgerWriter, MemberResolver, ProgramSettings, VoucherCodes];

@Module({ providers: [...shared, ...useCases], exports: [...shared, ...useCases] })
export class LedgerModule {}

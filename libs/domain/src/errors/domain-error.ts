/**
 * Stable codes of the errors the domain raises. Clients may branch on them, so a code is never
 * renamed or reused. The HTTP layer maps each one to a status with an exhaustive switch
 * (libs/platform problem-details.filter.ts): adding a code here without mapping it fails to compile.
 */
export enum DomainErrorCode {
  StoreNotFound = 'STORE_NOT_FOUND',
  InvalidCursor = 'INVALID_CURSOR',
  QueueProbeTimedOut = 'QUEUE_PROBE_TIMED_OUT',
  /** A field breaks a rule only the use case can check (the same code as the pipe's 400). */
  ValidationFailed = 'VALIDATION_FAILED',
  // Authentication (401) and authorisation (403)
  AuthenticationRequired = 'AUTHENTICATION_REQUIRED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  RefreshTokenReused = 'REFRESH_TOKEN_REUSED',
  PermissionDenied = 'PERMISSION_DENIED',
  StoreOutOfScope = 'STORE_OUT_OF_SCOPE',
  // Staff, stores and POS API keys
  StaffNotFound = 'STAFF_NOT_FOUND',
  StaffEmailTaken = 'STAFF_EMAIL_TAKEN',
  StoreCodeTaken = 'STORE_CODE_TAKEN',
  PosApiKeyNotFound = 'POS_API_KEY_NOT_FOUND',
  // Members
  MemberNotFound = 'MEMBER_NOT_FOUND',
  EmailAlreadyEnrolled = 'EMAIL_ALREADY_ENROLLED',
  PhoneAlreadyEnrolled = 'PHONE_ALREADY_ENROLLED',
  InvalidPhoneNumber = 'INVALID_PHONE_NUMBER',
  MemberErased = 'MEMBER_ERASED',
  AcquisitionCampaignNotFound = 'ACQUISITION_CAMPAIGN_NOT_FOUND',
  AcquisitionCampaignNotRunning = 'ACQUISITION_CAMPAIGN_NOT_RUNNING',
  AcquisitionCampaignNameTaken = 'ACQUISITION_CAMPAIGN_NAME_TAKEN',
  // Cards
  CardNotFound = 'CARD_NOT_FOUND',
  InvalidCardNumber = 'INVALID_CARD_NUMBER',
  CardNotInStock = 'CARD_NOT_IN_STOCK',
  CardTransitionNotAllowed = 'CARD_TRANSITION_NOT_ALLOWED',
  ActiveCardLimitReached = 'ACTIVE_CARD_LIMIT_REACHED',
  CardBatchNumberInvalid = 'CARD_BATCH_NUMBER_INVALID',
  CardNumberTaken = 'CARD_NUMBER_TAKEN',
  WalletNotConfigured = 'WALLET_NOT_CONFIGURED',
  // Points ledger
  IdempotencyKeyRequired = 'IDEMPOTENCY_KEY_REQUIRED',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  InsufficientPoints = 'INSUFFICIENT_POINTS',
  CurrencyNotAccepted = 'CURRENCY_NOT_ACCEPTED',
  CardNotActive = 'CARD_NOT_ACTIVE',
  ReceiptAlreadyRecorded = 'RECEIPT_ALREADY_RECORDED',
  PurchaseNotFound = 'PURCHASE_NOT_FOUND',
  RefundExceedsPurchase = 'REFUND_EXCEEDS_PURCHASE',
  TransactionNotFound = 'TRANSACTION_NOT_FOUND',
  TransactionAlreadyReversed = 'TRANSACTION_ALREADY_REVERSED',
  TransactionNotReversible = 'TRANSACTION_NOT_REVERSIBLE',
  RedemptionCodeInvalid = 'REDEMPTION_CODE_INVALID',
  EarningRulesMissing = 'EARNING_RULES_MISSING',
  // Authority over points (decision 0009)
  PurchaseOutsideOfflineWindow = 'PURCHASE_OUTSIDE_OFFLINE_WINDOW',
  PurchaseAmountAboveLimit = 'PURCHASE_AMOUNT_ABOVE_LIMIT',
  TransferToSelf = 'TRANSFER_TO_SELF',
  TransferLimitExceeded = 'TRANSFER_LIMIT_EXCEEDED',
  ApprovalNotAllowed = 'APPROVAL_NOT_ALLOWED',
  AdjustmentRequestNotFound = 'ADJUSTMENT_REQUEST_NOT_FOUND',
  AdjustmentAlreadyDecided = 'ADJUSTMENT_ALREADY_DECIDED',
  // Holds at the till
  HoldNotFound = 'HOLD_NOT_FOUND',
  /** Captured or released already: a hold is settled once. */
  HoldAlreadySettled = 'HOLD_ALREADY_SETTLED',
  /** Past its expiry: its points are (or are about to be) released, not captured. */
  HoldExpired = 'HOLD_EXPIRED',
  // Merging duplicates
  /** A duplicate merged into another member: the problem names it (mergedIntoMemberId). */
  MemberMerged = 'MEMBER_MERGED',
  /** Points held against an open order at a till: capture or void them first. */
  MemberHasOpenHolds = 'MEMBER_HAS_OPEN_HOLDS',
  // The rewards catalog and its vouchers
  RewardNotFound = 'REWARD_NOT_FOUND',
  RewardCodeTaken = 'REWARD_CODE_TAKEN',
  /** The member may not claim the reward now: the problem lists why (claimRefusals). */
  RewardNotClaimable = 'REWARD_NOT_CLAIMABLE',
  /** Every voucher of the reward was claimed. */
  RewardOutOfStock = 'REWARD_OUT_OF_STOCK',
  /** No voucher of the program has this code (a wrong, guessed or another program's code). */
  VoucherNotFound = 'VOUCHER_NOT_FOUND',
  /** Used, returned or expired: a voucher is redeemed once. */
  VoucherNotRedeemable = 'VOUCHER_NOT_REDEEMABLE',
  /** The reward limits its vouchers to other stores. */
  VoucherNotValidInStore = 'VOUCHER_NOT_VALID_IN_STORE',
  // Referrals
  /** No member of the program shares this referral code. */
  ReferralCodeUnknown = 'REFERRAL_CODE_UNKNOWN',
  /** The code may not be used for this enrolment: `refusals` says why. */
  ReferralNotAllowed = 'REFERRAL_NOT_ALLOWED',
  // The worker's admin tools
  JobNotFound = 'JOB_NOT_FOUND',
  WebhookNotFound = 'WEBHOOK_NOT_FOUND',
  RescoreNotFound = 'RESCORE_NOT_FOUND',
  /** One full rescore per program at a time. */
  RescoreInProgress = 'RESCORE_IN_PROGRESS',
  /** A webhook URL that would reach this host or an internal network, or is not https. */
  WebhookUrlNotAllowed = 'WEBHOOK_URL_NOT_ALLOWED',
}

/** An expected, explainable failure of a use case; never an HTTP exception. */
/** What a refusal tells beyond its code and message, for a client to act on. */
export interface DomainErrorExtensions {
  /** The member a merged duplicate now is (MEMBER_MERGED). */
  readonly mergedIntoMemberId?: string;
  /** Every reason a reward may not be claimed now, or a referral code used (…_NOT_…). */
  readonly refusals?: string[];
  /** What a voucher is now, when it cannot be redeemed (VOUCHER_NOT_REDEEMABLE). */
  readonly voucherStatus?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The request field the error is about, when there is one. */
    readonly field?: string,
    readonly extensions?: DomainErrorExtensions,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

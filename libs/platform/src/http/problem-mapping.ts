import { DomainError, DomainErrorCode } from '@loyalty/domain';
import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { type FieldProblem, type ProblemDetails, problemType } from './problem-details';
import { RequestValidationException } from './request-validation';

export interface ProblemContext {
  readonly instance: string;
  readonly requestId: string;
}

/** The instance (the path, without the query: it may hold personal data) and request id. */
export const problemContextOf = (request: { url: string; id: unknown }): ProblemContext => ({
  instance: (request.url.split('?')[0] ?? '').slice(0, 200),
  requestId: String(request.id),
});

export interface MappedProblem {
  readonly problem: ProblemDetails;
  /** Whether the server is at fault: such problems are logged with their stack. */
  readonly serverFault: boolean;
  readonly retryAfterSeconds?: number;
}

/** Exhaustive: a DomainErrorCode without a status here is a compile error. */
function statusOfDomainError(code: DomainErrorCode): HttpStatus {
  switch (code) {
    case DomainErrorCode.StoreNotFound:
    case DomainErrorCode.StaffNotFound:
    case DomainErrorCode.PosApiKeyNotFound:
    case DomainErrorCode.MemberNotFound:
    case DomainErrorCode.CardNotFound:
    case DomainErrorCode.PurchaseNotFound:
    case DomainErrorCode.TransactionNotFound:
    case DomainErrorCode.JobNotFound:
    case DomainErrorCode.WebhookNotFound:
    case DomainErrorCode.RescoreNotFound:
    case DomainErrorCode.AdjustmentRequestNotFound:
    case DomainErrorCode.AcquisitionCampaignNotFound:
    case DomainErrorCode.HoldNotFound:
    case DomainErrorCode.RewardNotFound:
    case DomainErrorCode.VoucherNotFound:
      return HttpStatus.NOT_FOUND;
    case DomainErrorCode.InvalidCursor:
    case DomainErrorCode.ValidationFailed:
    case DomainErrorCode.InvalidPhoneNumber:
    case DomainErrorCode.InvalidCardNumber:
    case DomainErrorCode.CardBatchNumberInvalid:
    case DomainErrorCode.IdempotencyKeyRequired:
      return HttpStatus.BAD_REQUEST;
    case DomainErrorCode.IdempotencyKeyReused:
    case DomainErrorCode.InsufficientPoints:
    case DomainErrorCode.CurrencyNotAccepted:
    case DomainErrorCode.RefundExceedsPurchase:
    case DomainErrorCode.TransactionNotReversible:
    case DomainErrorCode.RedemptionCodeInvalid:
    case DomainErrorCode.PurchaseOutsideOfflineWindow:
    case DomainErrorCode.PurchaseAmountAboveLimit:
    case DomainErrorCode.TransferToSelf:
    case DomainErrorCode.TransferLimitExceeded:
    case DomainErrorCode.AcquisitionCampaignNotRunning:
    case DomainErrorCode.WebhookUrlNotAllowed:
    case DomainErrorCode.RewardNotClaimable:
    case DomainErrorCode.VoucherNotValidInStore:
    case DomainErrorCode.ReferralCodeUnknown:
    case DomainErrorCode.ReferralNotAllowed:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case DomainErrorCode.AuthenticationRequired:
    case DomainErrorCode.InvalidCredentials:
    case DomainErrorCode.RefreshTokenReused:
      return HttpStatus.UNAUTHORIZED;
    case DomainErrorCode.PermissionDenied:
    case DomainErrorCode.StoreOutOfScope:
    case DomainErrorCode.ApprovalNotAllowed:
      return HttpStatus.FORBIDDEN;
    case DomainErrorCode.StaffEmailTaken:
    case DomainErrorCode.StoreCodeTaken:
    case DomainErrorCode.EmailAlreadyEnrolled:
    case DomainErrorCode.PhoneAlreadyEnrolled:
    case DomainErrorCode.CardNotInStock:
    case DomainErrorCode.CardTransitionNotAllowed:
    case DomainErrorCode.ActiveCardLimitReached:
    case DomainErrorCode.CardNumberTaken:
    case DomainErrorCode.CardNotActive:
    case DomainErrorCode.ReceiptAlreadyRecorded:
    case DomainErrorCode.TransactionAlreadyReversed:
    case DomainErrorCode.EarningRulesMissing:
    case DomainErrorCode.AdjustmentAlreadyDecided:
    case DomainErrorCode.AcquisitionCampaignNameTaken:
    case DomainErrorCode.RescoreInProgress:
    case DomainErrorCode.HoldAlreadySettled:
    case DomainErrorCode.HoldExpired:
    case DomainErrorCode.MemberHasOpenHolds:
    case DomainErrorCode.RewardCodeTaken:
    case DomainErrorCode.RewardOutOfStock:
    case DomainErrorCode.VoucherNotRedeemable:
      return HttpStatus.CONFLICT;
    case DomainErrorCode.MemberErased:
    case DomainErrorCode.MemberMerged:
      return HttpStatus.GONE;
    // The program offers no such pass: there is nothing at this address for its members.
    case DomainErrorCode.WalletNotConfigured:
      return HttpStatus.NOT_FOUND;
    case DomainErrorCode.QueueProbeTimedOut:
      return HttpStatus.GATEWAY_TIMEOUT;
    default: {
      const unmapped: never = code;
      throw new Error(`domain error code ${String(unmapped)} has no HTTP status`);
    }
  }
}

const codeOfStatus = (status: number): string =>
  (STATUS_CODES[status] ?? 'Error').toUpperCase().replaceAll(/[^A-Z0-9]+/g, '_');

function build(
  status: number,
  code: string,
  detail: string | undefined,
  context: ProblemContext,
  errors?: FieldProblem[],
): ProblemDetails {
  return {
    type: problemType(code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    instance: context.instance,
    code,
    requestId: context.requestId,
    ...(errors ? { errors } : {}),
  };
}

/**
 * The problem for an answer a library wrote itself (a status and maybe a message): a server-side
 * message may describe internals, so 5xx answers carry the status only.
 */
export function problemForStatus(
  status: number,
  detail: string | undefined,
  context: ProblemContext,
): ProblemDetails {
  return build(status, codeOfStatus(status), status >= 500 ? undefined : detail, context);
}

interface ErrorWithCode {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  driverError?: unknown;
  name?: unknown;
}

const UNAVAILABLE_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  "Stream isn't writeable",
  'Connection is closed',
  'Reached the max retries per request limit',
  'Command timed out',
];

/** PostgreSQL or Redis could not be reached: the request may succeed later. */
export function isDependencyUnavailable(error: unknown): boolean {
  const candidates = [error, (error as ErrorWithCode | null)?.driverError];
  return candidates.some((candidate) => {
    if (!candidate || typeof candidate !== 'object') return false;
    const { code, message, name } = candidate as ErrorWithCode;
    return (
      (typeof code === 'string' && UNAVAILABLE_ERROR_CODES.has(code)) ||
      name === 'MaxRetriesPerRequestError' ||
      (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.includes(m)))
    );
  });
}

/** Fastify's own client errors (bad JSON, body too large, wrong content type) carry a 4xx status. */
function fastifyClientStatus(error: unknown): number | undefined {
  const { code, statusCode } = (error ?? {}) as ErrorWithCode;
  return typeof code === 'string' &&
    code.startsWith('FST_') &&
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500
    ? statusCode
    : undefined;
}

/** Maps anything thrown while serving a request to the problem the client receives. */
export function toProblem(error: unknown, context: ProblemContext): MappedProblem {
  if (error instanceof RequestValidationException) {
    return {
      problem: build(400, 'VALIDATION_FAILED', error.message, context, error.fieldProblems),
      serverFault: false,
    };
  }

  if (error instanceof DomainError) {
    const status = statusOfDomainError(error.code);
    const errors = error.field ? [{ field: error.field, detail: error.message }] : undefined;
    return {
      problem: {
        ...build(status, error.code, error.message, context, errors),
        ...error.extensions,
      },
      serverFault: false,
    };
  }

  if (error instanceof HttpException) {
    const status = error.getStatus();
    const serverFault = status >= 500;
    // A server-side HttpException's message may describe internals; clients get the status only.
    const detail = serverFault ? undefined : error.message;
    const { retryAfterSeconds } = error as { retryAfterSeconds?: unknown };
    return {
      problem: build(status, codeOfStatus(status), detail, context),
      serverFault,
      ...(typeof retryAfterSeconds === 'number' ? { retryAfterSeconds } : {}),
    };
  }

  const clientStatus = fastifyClientStatus(error);
  if (clientStatus) {
    const detail = (error as Error).message;
    return {
      problem: build(clientStatus, codeOfStatus(clientStatus), detail, context),
      serverFault: false,
    };
  }

  if (isDependencyUnavailable(error)) {
    return {
      problem: build(
        503,
        'DEPENDENCY_UNAVAILABLE',
        'A service this request needs is unreachable; retry later with the same request.',
        context,
      ),
      serverFault: true,
      retryAfterSeconds: 5,
    };
  }

  return {
    problem: build(
      500,
      'INTERNAL_ERROR',
      'The server could not complete the request. Quote the request id when you report it.',
      context,
    ),
    serverFault: true,
  };
}

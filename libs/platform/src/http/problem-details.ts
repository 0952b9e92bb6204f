import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Where an invalid field was sent. */
export type FieldLocation = 'body' | 'query' | 'path' | 'header';

export class FieldProblem {
  @ApiProperty({ example: 'limit', description: 'The field, as a dotted path for nested fields.' })
  field!: string;

  @ApiPropertyOptional({ enum: ['body', 'query', 'path', 'header'] })
  location?: FieldLocation;

  @ApiProperty({ example: 'limit must not be greater than 100' })
  detail!: string;
}

/** An RFC 9457 problem: every error any of the apps answers has this shape. */
export class ProblemDetails {
  @ApiProperty({
    example: 'urn:loyalty:problem:validation-failed',
    description: 'Identifies the kind of problem; docs/errors.md lists them.',
  })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiPropertyOptional({ example: 'The request has 1 invalid field.' })
  detail?: string;

  @ApiProperty({ example: '/v1/stores', description: 'The path of the request that failed.' })
  instance!: string;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable code to branch on.' })
  code!: string;

  @ApiProperty({
    example: '0b9e7f3e-5b7c-4d8a-9a51-3a1c1e0d2f44',
    description: 'Quote it to support.',
  })
  requestId!: string;

  @ApiPropertyOptional({ type: [FieldProblem] })
  errors?: FieldProblem[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'MEMBER_MERGED: the member the duplicate was merged into; use it instead.',
  })
  mergedIntoMemberId?: string;

  @ApiPropertyOptional({
    type: [String],
    description:
      'REWARD_NOT_CLAIMABLE, REWARD_OUT_OF_STOCK: every reason the member may not claim the ' +
      'reward now (not_enough_points, tier, out_of_stock, limit_reached, not_available, ' +
      'withdrawn). REFERRAL_NOT_ALLOWED: why the code may not be used (self_referral, ' +
      'referrer_cap, referrals_off).',
  })
  refusals?: string[];

  @ApiPropertyOptional({
    enum: ['issued', 'redeemed', 'returned', 'expired'],
    description: 'VOUCHER_NOT_REDEEMABLE: what the voucher is now.',
  })
  voucherStatus?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export const problemType = (code: string): string =>
  `urn:loyalty:problem:${code.toLowerCase().replaceAll('_', '-')}`;

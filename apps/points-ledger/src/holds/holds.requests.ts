import { IsId } from '@loyalty/platform';
import { HOLD_DEFAULT_SECONDS, HOLD_MAX_SECONDS, HOLD_MIN_SECONDS } from '@loyalty/ledger';
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_POINTS } from '../common/amounts';
import { RedemptionRequest } from '../redemptions/redemptions.requests';

export class HoldRequest extends PickType(RedemptionRequest, [
  'cardNumber',
  'points',
  'redemptionCode',
] as const) {
  @ApiPropertyOptional({
    description: 'The open order the points are held for, e.g. its receipt or basket id.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reference?: string;

  @ApiPropertyOptional({
    minimum: HOLD_MIN_SECONDS,
    maximum: HOLD_MAX_SECONDS,
    default: HOLD_DEFAULT_SECONDS,
    description: 'How long the hold lasts before its points are released by themselves.',
  })
  @IsOptional()
  @IsInt()
  @Min(HOLD_MIN_SECONDS)
  @Max(HOLD_MAX_SECONDS)
  expiresInSeconds?: number;
}

export class HoldCaptureRequest {
  @ApiPropertyOptional({
    example: 300,
    description:
      'What the order finally takes, at most what is held (all of it when left out); the rest ' +
      'goes back to the member.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  points?: number;
}

export class HoldIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  holdId!: string;
}

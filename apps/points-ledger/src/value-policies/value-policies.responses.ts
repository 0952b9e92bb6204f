import type { ValuePolicy, ValuePolicyVersion } from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';
import { ValuePolicyBody } from './value-policies.requests';

export class ValuePolicyResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ format: 'date-time' })
  effectiveFrom!: string;

  @ApiProperty({ type: ValuePolicyBody })
  policy!: ValuePolicy;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(version: ValuePolicyVersion): ValuePolicyResponse {
    return {
      id: version.id,
      version: version.version,
      effectiveFrom: version.effectiveFrom.toISOString(),
      policy: version.policy,
      createdAt: version.createdAt.toISOString(),
    };
  }
}

export class ValuePolicyListResponse {
  @ApiProperty({ type: [ValuePolicyResponse] })
  items!: ValuePolicyResponse[];
}

export class TierMoveResponse {
  @ApiProperty({ type: String, nullable: true, description: 'The tier now; null: not placed yet.' })
  fromTier!: string | null;

  @ApiProperty()
  toTier!: string;

  @ApiProperty()
  members!: number;

  @ApiProperty({
    enum: ['up', 'down', 'same', 'placed', 'moved'],
    description:
      'By the draft’s tier order: up, down or same; placed for a scored member with no tier ' +
      'yet; moved when the tier now is not one of the draft’s.',
  })
  direction!: 'up' | 'down' | 'same' | 'placed' | 'moved';
}

export class ValuePolicyPreviewResponse {
  @ApiProperty({ description: 'Scored members the preview places.' })
  membersScored!: number;

  @ApiProperty({ description: 'Members who would move to a higher tier.' })
  upgrades!: number;

  @ApiProperty({
    description: 'Members who would move to a lower tier, once the grace period has passed.',
  })
  downgrades!: number;

  @ApiProperty({ description: 'Members placed in a tier of another name, or for the first time.' })
  otherMoves!: number;

  @ApiProperty()
  unchanged!: number;

  @ApiProperty({ type: [TierMoveResponse], description: 'Every (from, to) pair, largest first.' })
  moves!: TierMoveResponse[];

  @ApiProperty({
    description:
      'The draft changes how CLV is estimated (horizon, discount rate, margin, cost to serve or ' +
      'history): the preview places members by their CLV of today, the rescore after publishing ' +
      'by the new one.',
  })
  clvAssumptionsChanged!: boolean;

  @ApiProperty({ description: 'The draft’s grace before a downgrade takes effect, in days.' })
  downgradeGraceDays!: number;
}

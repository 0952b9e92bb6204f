import type { ValuePolicy, ValuePolicyVersion } from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';

export class ValuePolicyResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ format: 'date-time' })
  effectiveFrom!: string;

  @ApiProperty({ type: Object })
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

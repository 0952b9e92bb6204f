import { ApiProperty } from '@nestjs/swagger';

export class NextTierResponse {
  @ApiProperty({ example: 'gold' })
  name!: string;

  @ApiProperty({ description: 'How far along the way to it (0–1), by predicted value.' })
  progress!: number;

  @ApiProperty()
  earningMultiplierBp!: number;

  @ApiProperty()
  upgradeRewardPoints!: number;
}

export class MyTierResponse {
  @ApiProperty({ type: String, nullable: true, description: 'Null until first scored.' })
  tier!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  since!: string | null;

  @ApiProperty({ description: 'What purchases earn in this tier, in basis points.' })
  earningMultiplierBp!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set while below the tier: it is kept until then.',
  })
  heldUntil!: string | null;

  @ApiProperty({ type: NextTierResponse, nullable: true })
  nextTier!: NextTierResponse | null;
}

import { ActorKind, type CardEvent, CardStatus } from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';
import { CardResponse } from '../common/card.responses';

export class CardListResponse {
  @ApiProperty({ type: [CardResponse] })
  items!: CardResponse[];
}

export class ReplacementResponse {
  @ApiProperty({ type: CardResponse })
  replaced!: CardResponse;

  @ApiProperty({ type: CardResponse })
  successor!: CardResponse;
}

export class CardEventResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: CardStatus, nullable: true })
  fromStatus!: CardStatus | null;

  @ApiProperty({ enum: CardStatus })
  toStatus!: CardStatus;

  @ApiProperty({ type: String, nullable: true, example: 'lost' })
  reason!: string | null;

  @ApiProperty({ enum: ['staff', 'member', 'system'] })
  actorKind!: ActorKind;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  static from(event: CardEvent): CardEventResponse {
    return {
      id: event.id,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      reason: event.reason,
      actorKind: event.actorKind,
      actorId: event.actorId,
      occurredAt: event.occurredAt.toISOString(),
    };
  }
}

export class CardEventListResponse {
  @ApiProperty({ type: [CardEventResponse] })
  items!: CardEventResponse[];
}

import { CardBatchEntity } from './card-batch.entity';
import { CardEventEntity } from './card-event.entity';
import { CardEntity } from './card.entity';
import { MemberSignInCodeEntity } from './member-sign-in-code.entity';
import { MemberEntity } from './member.entity';
import { PosApiKeyEntity } from './pos-api-key.entity';
import { ProgramEntity } from './program.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { StaffMemberEntity } from './staff-member.entity';
import { StoreEntity } from './store.entity';

export {
  CardBatchEntity,
  CardEntity,
  CardEventEntity,
  MemberEntity,
  MemberSignInCodeEntity,
  PosApiKeyEntity,
  ProgramEntity,
  RefreshTokenEntity,
  StaffMemberEntity,
  StoreEntity,
};

/** Every entity, listed explicitly so that jest, dist/ and the TypeORM CLI load the same set. */
export const entities = [
  ProgramEntity,
  StoreEntity,
  StaffMemberEntity,
  RefreshTokenEntity,
  PosApiKeyEntity,
  MemberEntity,
  CardBatchEntity,
  CardEntity,
  CardEventEntity,
  MemberSignInCodeEntity,
];

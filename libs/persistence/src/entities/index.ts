import { ProgramEntity } from './program.entity';
import { StoreEntity } from './store.entity';

export { ProgramEntity, StoreEntity };

/** Every entity, listed explicitly so that jest, dist/ and the TypeORM CLI load the same set. */
export const entities = [ProgramEntity, StoreEntity];

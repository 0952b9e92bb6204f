import {
  DomainError,
  DomainErrorCode,
  type Page,
  type PageRequest,
  type Store,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { Database } from '../../database';
import { StoreEntity } from '../../entities/store.entity';
import { decodeCursor, encodeCursor, invalidCursor } from '../../keyset-cursor';
import { violatedUniqueConstraint } from '../../unique-violation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toStore = (entity: StoreEntity): Store => ({
  id: entity.id,
  programId: entity.programId,
  code: entity.code,
  name: entity.name,
  timezone: entity.timezone,
  createdAt: entity.createdAt,
});

@Injectable()
export class StoreRepository {
  constructor(private readonly database: Database) {}

  async insert(store: Omit<Store, 'id' | 'createdAt'>): Promise<Store> {
    try {
      const entity = await this.database.manager.getRepository(StoreEntity).save({ ...store });
      return toStore(entity);
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'stores_program_id_code_key') {
        throw new DomainError(
          DomainErrorCode.StoreCodeTaken,
          `the program already has a store with code ${store.code}`,
          'code',
        );
      }
      throw error;
    }
  }

  async findById(id: string): Promise<Store | null> {
    const entity = await this.database.manager.getRepository(StoreEntity).findOneBy({ id });
    return entity ? toStore(entity) : null;
  }

  /** Stores ordered by code then id, one keyset page at a time (no OFFSET scans). */
  async listPage(request: PageRequest & { programId?: string | undefined }): Promise<Page<Store>> {
    const query = this.database.manager
      .getRepository(StoreEntity)
      .createQueryBuilder('store')
      .orderBy('store.code', 'ASC')
      .addOrderBy('store.id', 'ASC')
      .limit(request.limit + 1);
    if (request.programId) {
      query.andWhere('store.program_id = :programId', { programId: request.programId });
    }
    if (request.cursor) {
      const [code, id] = decodeCursor(request.cursor, 2);
      if (!UUID.test(id ?? '')) {
        throw invalidCursor();
      }
      query.andWhere('(store.code, store.id) > (:code, :id::uuid)', { code, id });
    }
    const rows = await query.getMany();
    const items = rows.slice(0, request.limit).map(toStore);
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > request.limit && last ? encodeCursor([last.code, last.id]) : null,
    };
  }
}

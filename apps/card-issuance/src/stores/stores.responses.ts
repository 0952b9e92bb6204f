import type { Page, Store } from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';

export class StoreResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  programId!: string;

  @ApiProperty({ example: 'AMS-CENTRAL' })
  code!: string;

  @ApiProperty({ example: 'Amsterdam Central' })
  name!: string;

  @ApiProperty({ example: 'Europe/Amsterdam' })
  timezone!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(store: Store): StoreResponse {
    return {
      id: store.id,
      programId: store.programId,
      code: store.code,
      name: store.name,
      timezone: store.timezone,
      createdAt: store.createdAt.toISOString(),
    };
  }
}

export class StorePageResponse {
  @ApiProperty({ type: [StoreResponse] })
  items!: StoreResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page.' })
  nextCursor!: string | null;

  static from(page: Page<Store>): StorePageResponse {
    return {
      items: page.items.map((store) => StoreResponse.from(store)),
      nextCursor: page.nextCursor,
    };
  }
}

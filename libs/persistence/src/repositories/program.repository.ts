import type { Program } from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ProgramEntity } from '../entities/program.entity';

const toProgram = (entity: ProgramEntity): Program => ({
  id: entity.id,
  code: entity.code,
  name: entity.name,
  currency: entity.currency,
  timezone: entity.timezone,
  cardPrefix: entity.cardPrefix,
  maxActiveCardsPerMember: entity.maxActiveCardsPerMember,
  phoneRegion: entity.phoneRegion,
});

@Injectable()
export class ProgramRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<Program | null> {
    const entity = await this.dataSource.getRepository(ProgramEntity).findOneBy({ id });
    return entity ? toProgram(entity) : null;
  }

  async findByCode(code: string): Promise<Program | null> {
    const entity = await this.dataSource.getRepository(ProgramEntity).findOneBy({ code });
    return entity ? toProgram(entity) : null;
  }
}

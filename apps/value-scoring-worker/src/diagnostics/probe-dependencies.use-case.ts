import type { QueueProbeResult } from '@loyalty/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';

/** What a queue probe does inside the worker: proves it reached PostgreSQL while on the job. */
@Injectable()
export class ProbeDependenciesUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(): Promise<QueueProbeResult> {
    const [row] = await this.dataSource.query<{ database_time: Date }[]>(
      'SELECT now() AS database_time',
    );
    return {
      processedBy: `${hostname()}:${process.pid}`,
      processedAt: new Date().toISOString(),
      databaseTime: (row?.database_time ?? new Date()).toISOString(),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

/** The transaction the current request's work runs in, when one was opened around it. */
const ambientTransaction = new AsyncLocalStorage<EntityManager>();

/**
 * The database as a repository sees it: inside a transaction opened around a whole request (an
 * Idempotency-Key's claim, its effect and its stored answer), every statement joins that
 * transaction; elsewhere each statement or transaction takes a pooled connection of its own.
 */
@Injectable()
export class Database {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** True inside a transaction opened around the current request's work. */
  get inTransaction(): boolean {
    return ambientTransaction.getStore() !== undefined;
  }

  /** The manager of the transaction this code runs in, else the pool's. */
  get manager(): EntityManager {
    return ambientTransaction.getStore() ?? this.dataSource.manager;
  }

  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T> {
    return this.manager.query<T>(sql, parameters);
  }

  /**
   * Runs `work` in a transaction of its own, or in a savepoint of the one this code already runs
   * in: a refused inner write then rolls back alone, and the rest commits with the outer one.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = ambientTransaction.getStore() ?? this.dataSource.manager;
    return outer.transaction((manager) => ambientTransaction.run(manager, () => work(manager)));
  }
}

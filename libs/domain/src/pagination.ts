/** One page of a keyset-paginated list; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly limit: number;
  /** Opaque cursor from a previous page's `nextCursor`; absent for the first page. */
  readonly cursor?: string | undefined;
}

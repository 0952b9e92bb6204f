/** A shop, site or online channel of a loyalty program, where members enrol and buy. */
export interface Store {
  readonly id: string;
  readonly programId: string;
  readonly code: string;
  readonly name: string;
  /** IANA time zone: the store's business day and opening hours are local to it. */
  readonly timezone: string;
  readonly createdAt: Date;
}

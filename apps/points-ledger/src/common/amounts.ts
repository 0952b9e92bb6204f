/** 10^11 minor units (a billion in a two-decimal currency): beyond any till, within bigint. */
export const MAX_AMOUNT_MINOR = 100_000_000_000;
/** No single write moves more points than this. */
export const MAX_POINTS = 1_000_000_000;

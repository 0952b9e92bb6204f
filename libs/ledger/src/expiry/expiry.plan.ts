import type { JournalPlan, MemberPoints, PlanContext } from '@loyalty/domain';
import { openBook } from '../common/points-posting';

/**
 * Moves what is left of the member's lots due by `asOf` into the program's expired account: one
 * expiry transaction, or nothing when none is due. Planned again it expires nothing more, as an
 * expired lot has nothing left.
 */
export function planExpiry(
  member: MemberPoints,
  programId: string,
  asOf: Date,
  context: PlanContext,
): JournalPlan<number> {
  const { dueExpiry } = openBook(member, programId, { ...context, now: asOf });
  return {
    journals: dueExpiry ? [dueExpiry.journal] : [],
    events: dueExpiry ? [dueExpiry.event] : [],
    answer: () => dueExpiry?.points ?? 0,
  };
}

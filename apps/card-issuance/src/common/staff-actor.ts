import type { StaffPrincipal } from '@loyalty/domain';
import type { Actor } from '@loyalty/persistence';

/** The staff member a card's or member's history names as having made a change. */
export const staffActor = (staff: StaffPrincipal): Actor => ({ kind: 'staff', id: staff.staffId });

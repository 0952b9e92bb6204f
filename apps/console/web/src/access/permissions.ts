import { roleAllows, StaffPermission, type StaffRole } from '@loyalty/domain/staff';
import type { Staff } from '../api/session';

export { StaffPermission };

/**
 * Whether the signed-in staff member's role holds a permission, read from the same table the apps
 * enforce (libs/domain). The console uses it to leave out what would be refused; the apps decide.
 */
export const may = (staff: Staff, permission: StaffPermission): boolean =>
  roleAllows(staff.role as StaffRole, permission);

import { roleAllows, StaffPermission, StaffRole } from './staff';

describe('staff permissions', () => {
  const { Clerk, Manager, Admin, Marketing } = StaffRole;
  it.each([
    [StaffPermission.EnrolMembers, [Clerk, Manager, Admin]],
    [StaffPermission.IssueCards, [Clerk, Manager, Admin]],
    [StaffPermission.BlockCards, [Clerk, Manager, Admin]],
    [StaffPermission.ReplaceCards, [Clerk, Manager, Admin]],
    [StaffPermission.ManageStaff, [Admin]],
    [StaffPermission.ManagePosApiKeys, [Admin]],
    [StaffPermission.ManageCardStock, [Admin]],
    [StaffPermission.ReadInsights, [Admin, Marketing]],
    [StaffPermission.ReadPoints, [Clerk, Manager, Admin]],
    [StaffPermission.TransferPoints, [Manager, Admin]],
    [StaffPermission.AdjustPoints, [Manager, Admin]],
    [StaffPermission.ReverseTransactions, [Manager, Admin]],
    [StaffPermission.ManageEarningRules, [Admin]],
    [StaffPermission.ManageValuePolicy, [Admin]],
    [StaffPermission.ManagePointLimits, [Admin]],
    [StaffPermission.HandlePrivacyRequests, [Admin]],
    [StaffPermission.ReadAcquisitionCampaigns, [Clerk, Manager, Admin, Marketing]],
    [StaffPermission.ManageAcquisitionCampaigns, [Admin, Marketing]],
    [StaffPermission.MergeMembers, [Manager, Admin]],
    [StaffPermission.ImportHistory, [Admin]],
    [StaffPermission.ReadMemberValue, [Clerk, Manager, Admin, Marketing]],
  ])('%s is granted to exactly %j', (permission, roles) => {
    for (const role of Object.values(StaffRole)) {
      expect([role, roleAllows(role, permission)]).toEqual([role, roles.includes(role)]);
    }
  });
});

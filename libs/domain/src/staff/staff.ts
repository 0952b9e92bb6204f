/**
 * Staff roles. Clerks and managers work in one store; admins and marketing see the whole program.
 * Permissions are cumulative along clerk → manager → admin; marketing only reads insights.
 */
export enum StaffRole {
  Clerk = 'clerk',
  Manager = 'manager',
  Admin = 'admin',
  Marketing = 'marketing',
}

export const STORE_SCOPED_ROLES: readonly StaffRole[] = [StaffRole.Clerk, StaffRole.Manager];

/** What a staff member may do; a route names the one permission it needs. */
export enum StaffPermission {
  EnrolMembers = 'members:enrol',
  ReadMembers = 'members:read',
  IssueCards = 'cards:issue',
  BlockCards = 'cards:block',
  ReplaceCards = 'cards:replace',
  ReadCardHistory = 'cards:history',
  ManageCardStock = 'cards:stock',
  ManageStaff = 'staff:manage',
  ManageStores = 'stores:manage',
  ManagePosApiKeys = 'pos-api-keys:manage',
  ReadInsights = 'insights:read',
  ReadPoints = 'points:read',
  TransferPoints = 'points:transfer',
  AdjustPoints = 'points:adjust',
  ReverseTransactions = 'points:reverse',
  ManageEarningRules = 'earning-rules:manage',
  ManageValuePolicy = 'value-policy:manage',
  ManagePointLimits = 'point-limits:manage',
  HandlePrivacyRequests = 'members:privacy',
  ReadAcquisitionCampaigns = 'acquisition-campaigns:read',
  ManageAcquisitionCampaigns = 'acquisition-campaigns:manage',
  /** The program's own settings: its name, country and time zone. */
  ManageProgram = 'program:manage',
  /** Bringing members, balances and purchases from another system (imports). */
  ImportHistory = 'imports:run',
  /** Merging a duplicate member into another: their cards, points and history move. */
  MergeMembers = 'members:merge',
  /** A member's CLV with its inputs, and the reasons for their tier: the desk and marketing. */
  ReadMemberValue = 'members:value',
  /** The rewards catalog: reading it (every role), publishing its rewards (admins, marketing). */
  ReadRewardsCatalog = 'rewards-catalog:read',
  ManageRewardsCatalog = 'rewards-catalog:manage',
  /** Claiming a reward at the desk for a member, with the member's redemption code. */
  ClaimRewardsForMembers = 'rewards:claim',
}

const CLERK: readonly StaffPermission[] = [
  StaffPermission.EnrolMembers,
  StaffPermission.ReadMembers,
  StaffPermission.IssueCards,
  // A lost or damaged card is the desk's everyday errand; a card alone spends nothing (a
  // redemption takes the member's one-time code), so blocking and replacing it is a clerk's.
  StaffPermission.BlockCards,
  StaffPermission.ReplaceCards,
  StaffPermission.ReadPoints,
  StaffPermission.ReadAcquisitionCampaigns,
  StaffPermission.ReadMemberValue,
  StaffPermission.ReadRewardsCatalog,
  StaffPermission.ClaimRewardsForMembers,
];
const MANAGER: readonly StaffPermission[] = [
  ...CLERK,
  StaffPermission.ReadCardHistory,
  StaffPermission.TransferPoints,
  StaffPermission.AdjustPoints,
  StaffPermission.ReverseTransactions,
  StaffPermission.MergeMembers,
];
const ADMIN: readonly StaffPermission[] = [
  ...MANAGER,
  StaffPermission.ManageCardStock,
  StaffPermission.ManageStaff,
  StaffPermission.ManageStores,
  StaffPermission.ManagePosApiKeys,
  StaffPermission.ReadInsights,
  StaffPermission.ManageEarningRules,
  StaffPermission.ManageValuePolicy,
  StaffPermission.ManagePointLimits,
  StaffPermission.HandlePrivacyRequests,
  StaffPermission.ManageAcquisitionCampaigns,
  StaffPermission.ManageProgram,
  StaffPermission.ImportHistory,
  StaffPermission.ManageRewardsCatalog,
];

export const PERMISSIONS_OF_ROLE: Readonly<Record<StaffRole, ReadonlySet<StaffPermission>>> = {
  [StaffRole.Clerk]: new Set(CLERK),
  [StaffRole.Manager]: new Set(MANAGER),
  [StaffRole.Admin]: new Set(ADMIN),
  [StaffRole.Marketing]: new Set([
    StaffPermission.ReadInsights,
    StaffPermission.ReadAcquisitionCampaigns,
    StaffPermission.ManageAcquisitionCampaigns,
    StaffPermission.ReadMemberValue,
    StaffPermission.ReadRewardsCatalog,
    StaffPermission.ManageRewardsCatalog,
  ]),
};

export const roleAllows = (role: StaffRole, permission: StaffPermission): boolean =>
  PERMISSIONS_OF_ROLE[role].has(permission);

export interface StaffMember {
  readonly id: string;
  readonly programId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: StaffRole;
  /** The store a clerk or manager works in; null for admins and marketing. */
  readonly storeId: string | null;
  readonly disabledAt: Date | null;
  readonly createdAt: Date;
}

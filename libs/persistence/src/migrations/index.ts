import { CreateProgramsAndStores1795466635650 } from './1795466635650-create-programs-and-stores';
import { CreateStaffMembersAndCards1795482298025 } from './1795482298025-create-staff-members-and-cards';
import { CreatePointsLedger1795517479612 } from './1795517479612-create-points-ledger';
import { CreateValueScoring1795519450246 } from './1795519450246-create-value-scoring';
import { CreateWebhooks1795523311750 } from './1795523311750-create-webhooks';
import { SplitProgramAccounts1795931005967 } from './1795931005967-split-program-accounts';
import { LedgerTriggersByIndex1795931005968 } from './1795931005968-ledger-triggers-by-index';
import { AccountLifetimeFigures1795931005969 } from './1795931005969-account-lifetime-figures';
import { PointsAuthority1796140800000 } from './1796140800000-points-authority';
import { OneSurveyVoice1796140800001 } from './1796140800001-one-survey-voice';
import { AcquisitionCampaigns1796140800002 } from './1796140800002-acquisition-campaigns';
import { WebhookEventIdsAsText1796227200000 } from './1796227200000-webhook-event-ids-as-text';
import { StaffEmailPerProgram1796227200001 } from './1796227200001-staff-email-per-program';
import { ActivityByRecordingTime1796227200002 } from './1796227200002-activity-by-recording-time';
import { OutboxConsumption1796227200003 } from './1796227200003-outbox-consumption';
import { RescoreRequests1796227200004 } from './1796227200004-rescore-requests';
import { LotsByCreditingTransaction1796313600000 } from './1796313600000-lots-by-crediting-transaction';
import { PointHolds1796400000000 } from './1796400000000-point-holds';
import { MemberSearch1796400000001 } from './1796400000001-member-search';
import { MemberMerges1796400000002 } from './1796400000002-member-merges';
import { Imports1796400000003 } from './1796400000003-imports';
import { RewardsCatalog1796486400000 } from './1796486400000-rewards-catalog';
import { CampaignBudgets1796486400001 } from './1796486400001-campaign-budgets';
import { Referrals1796486400002 } from './1796486400002-referrals';
import { ProgramLocale1796572800000 } from './1796572800000-program-locale';
import { TierFlowIndex1796572800001 } from './1796572800001-tier-flow-index';

/**
 * Every migration in order. `npm run migration:generate` writes a new file here; add its class to
 * this list (a test fails when the entities and the migrated schema disagree).
 */
export const migrations = [
  CreateProgramsAndStores1795466635650,
  CreateStaffMembersAndCards1795482298025,
  CreatePointsLedger1795517479612,
  CreateValueScoring1795519450246,
  CreateWebhooks1795523311750,
  SplitProgramAccounts1795931005967,
  LedgerTriggersByIndex1795931005968,
  AccountLifetimeFigures1795931005969,
  PointsAuthority1796140800000,
  OneSurveyVoice1796140800001,
  AcquisitionCampaigns1796140800002,
  WebhookEventIdsAsText1796227200000,
  StaffEmailPerProgram1796227200001,
  ActivityByRecordingTime1796227200002,
  OutboxConsumption1796227200003,
  RescoreRequests1796227200004,
  LotsByCreditingTransaction1796313600000,
  PointHolds1796400000000,
  MemberSearch1796400000001,
  MemberMerges1796400000002,
  Imports1796400000003,
  RewardsCatalog1796486400000,
  CampaignBudgets1796486400001,
  Referrals1796486400002,
  ProgramLocale1796572800000,
  TierFlowIndex1796572800001,
];

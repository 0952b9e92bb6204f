import { AuthModule } from '@loyalty/auth';
import { LedgerModule } from '@loyalty/ledger';
import { Barcodes, PlatformModule } from '@loyalty/platform';
import { MemberReferralsUseCase } from './me/member-referrals.use-case';
import { type DynamicModule, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AcquisitionCampaignsController } from './acquisition-campaigns/acquisition-campaigns.controller';
import { ManageAcquisitionCampaignsUseCase } from './acquisition-campaigns/manage-acquisition-campaigns.use-case';
import { WalletPasses } from './card-artwork/wallet-passes';
import { CardStockController } from './card-stock/card-stock.controller';
import { ManageCardStockUseCase } from './card-stock/manage-card-stock.use-case';
import { CardLookupController } from './card-lookup/card-lookup.controller';
import { LookUpCardUseCase } from './card-lookup/look-up-card.use-case';
import { MemberCardsController } from './member-cards/member-cards.controller';
import { BlockCardUseCase } from './member-cards/block-card.use-case';
import { IssueCardUseCase } from './member-cards/issue-card.use-case';
import { ListMemberCardsUseCase } from './member-cards/list-member-cards.use-case';
import { ReplaceCardUseCase } from './member-cards/replace-card.use-case';
import { MeController } from './me/me.controller';
import { MemberSelfUseCase } from './me/member-self.use-case';
import { MemberSessionsUseCase } from './member-sessions/manage-member-sessions.use-case';
import { MemberSessionsController } from './member-sessions/member-sessions.controller';
import { SignInCodeDelivery } from './member-sessions/sign-in-code-delivery';
import { EnrolMemberUseCase } from './members/enrol-member.use-case';
import { GetMemberUseCase } from './members/get-member.use-case';
import { SearchMembersUseCase } from './members/search-members.use-case';
import { MergeMembersUseCase } from './members/merge-members.use-case';
import { MembersController } from './members/members.controller';
import { ManagePosApiKeysUseCase } from './pos-api-keys/manage-pos-api-keys.use-case';
import { PosApiKeysController } from './pos-api-keys/pos-api-keys.controller';
import { ProgramContext } from './common/program-context';
import { MemberPrivacyController } from './privacy/member-privacy.controller';
import { MemberPrivacyUseCase } from './privacy/member-privacy.use-case';
import { StaffSessionsController } from './staff-sessions/staff-sessions.controller';
import { StaffSessionsUseCase } from './staff-sessions/manage-staff-sessions.use-case';
import { ManageStaffUseCase } from './staff/manage-staff.use-case';
import { StaffController } from './staff/staff.controller';
import { StoresModule } from './stores/stores.module';

@Module({})
export class CardIssuanceModule {
  static async forRoot(): Promise<DynamicModule> {
    return {
      module: CardIssuanceModule,
      imports: [
        await PlatformModule.forRoot({ app: 'card-issuance', queueRole: 'producer' }),
        AuthModule,
        JwtModule.register({}),
        StoresModule,
        LedgerModule,
      ],
      controllers: [
        StaffSessionsController,
        StaffController,
        PosApiKeysController,
        MembersController,
        MemberPrivacyController,
        AcquisitionCampaignsController,
        MemberCardsController,
        CardLookupController,
        CardStockController,
        MemberSessionsController,
        MeController,
      ],
      providers: [
        ProgramContext,
        StaffSessionsUseCase,
        ManageStaffUseCase,
        ManagePosApiKeysUseCase,
        EnrolMemberUseCase,
        GetMemberUseCase,
        SearchMembersUseCase,
        MergeMembersUseCase,
        IssueCardUseCase,
        BlockCardUseCase,
        ReplaceCardUseCase,
        ListMemberCardsUseCase,
        LookUpCardUseCase,
        ManageCardStockUseCase,
        SignInCodeDelivery,
        MemberSessionsUseCase,
        MemberSelfUseCase,
        MemberReferralsUseCase,
        MemberPrivacyUseCase,
        ManageAcquisitionCampaignsUseCase,
        Barcodes,
        WalletPasses,
      ],
    };
  }
}

import {
  DomainError,
  DomainErrorCode,
  type Card,
  type Member,
  normaliseEmail,
  normalisePhone,
  type StaffPrincipal,
  StaffRole,
} from '@loyalty/domain';
import { MemberRepository, StoreRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { ProgramContext } from '../common/program-context';
import type { EnrolMemberRequest } from './members.requests';

@Injectable()
export class EnrolMemberUseCase {
  constructor(
    private readonly members: MemberRepository,
    private readonly stores: StoreRepository,
    private readonly programs: ProgramContext,
  ) {}

  async execute(
    staff: StaffPrincipal,
    request: EnrolMemberRequest,
  ): Promise<{ member: Member; card: Card }> {
    const program = await this.programs.load(staff.programId);
    if (!request.email && !request.phone) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'a member needs an email or a phone number',
        'email',
      );
    }
    const phone = request.phone ? normalisePhone(request.phone, program.phoneRegion) : null;
    if (request.phone && !phone) {
      throw new DomainError(
        DomainErrorCode.InvalidPhoneNumber,
        program.phoneRegion
          ? `phone must be a valid phone number (national numbers are read as ${program.phoneRegion})`
          : 'phone must be a valid international phone number starting with +',
        'phone',
      );
    }
    const storeId = await this.enrollingStore(staff, request.storeId);
    return this.members.enrol(
      program,
      {
        name: request.name?.trim() ?? null,
        email: request.email ? normaliseEmail(request.email) : null,
        phone,
        enrolledStoreId: storeId,
        enrolledByStaffId: staff.staffId,
        acquisitionChannel: request.acquisitionChannel,
        acquisitionCampaignId: request.acquisitionCampaignId ?? null,
        marketingConsent: request.marketingConsent,
        referralCode: request.referralCode ?? null,
      },
      request.card.toCardToIssue(),
      { kind: 'staff', id: staff.staffId },
    );
  }

  /** Clerks and managers enrol for their own store; admins for any store of the program. */
  private async enrollingStore(staff: StaffPrincipal, requested?: string): Promise<string> {
    if (staff.storeId && (!requested || requested === staff.storeId)) return staff.storeId;
    if (staff.role !== StaffRole.Admin) {
      throw new DomainError(
        DomainErrorCode.StoreOutOfScope,
        'you may only enrol members for your own store',
        'storeId',
      );
    }
    if (!requested) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'storeId is required: admins enrol for a store they name',
        'storeId',
      );
    }
    const store = await this.stores.findById(requested);
    if (!store || store.programId !== staff.programId) {
      throw new DomainError(
        DomainErrorCode.StoreNotFound,
        `no store has id ${requested}`,
        'storeId',
      );
    }
    return store.id;
  }
}

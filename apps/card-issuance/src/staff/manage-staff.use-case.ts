import { PasswordHasher, RefreshTokens } from '@loyalty/auth';
import {
  DomainError,
  DomainErrorCode,
  normaliseEmail,
  STORE_SCOPED_ROLES,
  type StaffMember,
  type StaffRole,
} from '@loyalty/domain';
import { StaffRepository, StoreRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { CreateStaffRequest, UpdateStaffRequest } from './staff.requests';

const staffNotFound = (): DomainError =>
  new DomainError(DomainErrorCode.StaffNotFound, 'no staff member of the program has this id');

/** Admins manage the program's staff accounts. */
@Injectable()
export class ManageStaffUseCase {
  constructor(
    private readonly staff: StaffRepository,
    private readonly stores: StoreRepository,
    private readonly passwords: PasswordHasher,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  list(programId: string): Promise<StaffMember[]> {
    return this.staff.listByProgram(programId);
  }

  async create(programId: string, request: CreateStaffRequest): Promise<StaffMember> {
    const storeId = await this.storeForRole(programId, request.role, request.storeId ?? null);
    return this.staff.insert({
      programId,
      email: normaliseEmail(request.email),
      displayName: request.displayName.trim(),
      role: request.role,
      storeId,
      passwordHash: await this.passwords.hash(request.password),
    });
  }

  async update(
    programId: string,
    staffId: string,
    request: UpdateStaffRequest,
  ): Promise<StaffMember> {
    const current = await this.staff.findById(programId, staffId);
    if (!current) throw staffNotFound();
    const role = request.role ?? current.role;
    const requestedStore = request.storeId === undefined ? current.storeId : request.storeId;
    const storeId = await this.storeForRole(
      programId,
      role,
      STORE_SCOPED_ROLES.includes(role) ? requestedStore : null,
    );
    const updated = await this.staff.update(programId, staffId, {
      displayName: request.displayName?.trim(),
      role: request.role,
      storeId,
      passwordHash: request.password ? await this.passwords.hash(request.password) : undefined,
      disabled: request.disabled,
    });
    if (!updated) throw staffNotFound();
    // New rights or a new password take effect at once: existing sessions must sign in again.
    if (request.disabled || request.role || request.storeId !== undefined || request.password) {
      await this.refreshTokens.revokeAllOf('staff', staffId);
    }
    return updated;
  }

  /** Clerks and managers belong to one store of the program; admins and marketing to none. */
  private async storeForRole(
    programId: string,
    role: StaffRole,
    storeId: string | null,
  ): Promise<string | null> {
    if (!STORE_SCOPED_ROLES.includes(role)) {
      if (storeId) {
        throw new DomainError(
          DomainErrorCode.ValidationFailed,
          `storeId must be empty for the ${role} role, which covers the whole program`,
          'storeId',
        );
      }
      return null;
    }
    if (!storeId) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        `storeId is required for the ${role} role`,
        'storeId',
      );
    }
    const store = await this.stores.findById(storeId);
    if (!store || store.programId !== programId) {
      throw new DomainError(DomainErrorCode.StoreNotFound, `no store has id ${storeId}`, 'storeId');
    }
    return store.id;
  }
}

import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ManageStaffUseCase } from './manage-staff.use-case';
import { CreateStaffRequest, StaffIdParams, UpdateStaffRequest } from './staff.requests';
import { StaffListResponse, StaffResponse } from './staff.responses';
import { IdempotentWrite } from '../common/idempotent-write';

@ApiTags('staff')
@Controller({ path: 'staff', version: '1' })
export class StaffController {
  constructor(private readonly manageStaff: ManageStaffUseCase) {}

  @Get()
  @StaffAccess(StaffPermission.ManageStaff)
  @ApiOperation({ summary: 'The program’s staff accounts' })
  @ApiOkResponse({ type: StaffListResponse })
  async list(@CurrentStaff() admin: StaffPrincipal): Promise<StaffListResponse> {
    const staff = await this.manageStaff.list(admin.programId);
    return { items: staff.map((member) => StaffResponse.from(member)) };
  }

  @Post()
  @StaffAccess(StaffPermission.ManageStaff)
  @IdempotentWrite('create-staff', { unfingerprinted: ['password'] })
  @ApiOperation({ summary: 'Create a staff account' })
  @ApiCreatedResponse({ type: StaffResponse })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The email is taken.' })
  async create(
    @CurrentStaff() admin: StaffPrincipal,
    @Body() body: CreateStaffRequest,
  ): Promise<StaffResponse> {
    return StaffResponse.from(await this.manageStaff.create(admin.programId, body));
  }

  @Patch(':staffId')
  @StaffAccess(StaffPermission.ManageStaff)
  @IdempotentWrite('change-staff', { unfingerprinted: ['password'] })
  @ApiOperation({ summary: 'Change role, store, name or password; disable or enable' })
  @ApiOkResponse({ type: StaffResponse })
  async update(
    @CurrentStaff() admin: StaffPrincipal,
    @Param() params: StaffIdParams,
    @Body() body: UpdateStaffRequest,
  ): Promise<StaffResponse> {
    return StaffResponse.from(await this.manageStaff.update(admin.programId, params.staffId, body));
  }
}

import { type StaffMember, StaffRole } from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';

export class StaffResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  programId!: string;

  @ApiProperty({ example: 'sam@example.com' })
  email!: string;

  @ApiProperty({ example: 'Sam' })
  displayName!: string;

  @ApiProperty({ enum: StaffRole })
  role!: StaffRole;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disabledAt!: string | null;

  static from(staff: StaffMember): StaffResponse {
    return {
      id: staff.id,
      programId: staff.programId,
      email: staff.email,
      displayName: staff.displayName,
      role: staff.role,
      storeId: staff.storeId,
      disabledAt: staff.disabledAt?.toISOString() ?? null,
    };
  }
}

export class StaffListResponse {
  @ApiProperty({ type: [StaffResponse] })
  items!: StaffResponse[];
}

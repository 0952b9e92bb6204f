import { StaffRole } from '@loyalty/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export const PASSWORD_MIN_LENGTH = 12;

export class CreateStaffRequest {
  @ApiProperty({ example: 'sam@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 254)
  email!: string;

  @ApiProperty({ example: 'Sam' })
  @IsString()
  @Length(1, 100)
  displayName!: string;

  @ApiProperty({ enum: StaffRole })
  @IsEnum(StaffRole)
  role!: StaffRole;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for clerks and managers only.' })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 200)
  password!: string;
}

export class UpdateStaffRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;

  @ApiPropertyOptional({ enum: StaffRole })
  @IsOptional()
  @IsEnum(StaffRole)
  role?: StaffRole;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  storeId?: string | null;

  @ApiPropertyOptional({ format: 'password', minLength: PASSWORD_MIN_LENGTH })
  @IsOptional()
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 200)
  password?: string;

  @ApiPropertyOptional({ description: 'Disabling ends the account’s sessions.' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class StaffIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  staffId!: string;
}

import { AcquisitionChannel } from '@loyalty/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsEnum,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import { CardToIssueRequest } from '../common/card-to-issue.requests';

const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

export class EnrolMemberRequest {
  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'ada@example.com', description: 'Email and/or phone.' })
  @IsOptional()
  @Transform(trimmed)
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 254)
  email?: string;

  @ApiPropertyOptional({
    example: '+31 6 12345678',
    description: 'Any common format; stored in E.164. National numbers use the program country.',
  })
  @IsOptional()
  @IsString()
  @Length(3, 32)
  phone?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Defaults to the clerk’s own store; only admins enrol for other stores.',
  })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @ApiProperty({ enum: AcquisitionChannel })
  @IsEnum(AcquisitionChannel)
  acquisitionChannel!: AcquisitionChannel;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The running acquisition campaign that brought the member (GET /v1/acquisition-campaigns), ' +
      'of the same channel; their acquisition cost is its spend per member acquired.',
  })
  @IsOptional()
  @IsUUID()
  acquisitionCampaignId?: string;

  @ApiProperty({ description: 'Whether the member agreed to marketing; the time is recorded.' })
  @IsBoolean()
  marketingConsent!: boolean;

  @ApiProperty({ type: CardToIssueRequest, description: 'The member’s first card.' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CardToIssueRequest)
  card!: CardToIssueRequest;
}

export class MemberIdParams {
  @IsUUID()
  memberId!: string;
}

export class FindMembersRequest {
  @ApiPropertyOptional({ example: 'ada@example.com' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string;

  @ApiPropertyOptional({ example: '+31612345678' })
  @IsOptional()
  @IsString()
  @Length(3, 32)
  phone?: string;
}

import { AcquisitionChannel } from '@loyalty/domain';
import { IsCardNumber, PageQuery } from '@loyalty/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsEnum,
  IsISO8601,
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

  @ApiPropertyOptional({
    example: 'K7QM2XHD',
    description:
      'The referral code of the member who brought them (GET /v1/me/referral): both get the ' +
      'program’s referral bonus once the first qualifying purchase is past its return window.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  referralCode?: string;

  @ApiProperty({ type: CardToIssueRequest, description: 'The member’s first card.' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CardToIssueRequest)
  card!: CardToIssueRequest;
}

export class MemberIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  memberId!: string;
}

export class FindMembersRequest extends PageQuery {
  @ApiPropertyOptional({
    example: '06 17540594',
    description:
      'What the clerk typed, matched at once against the start of any word of the name (any ' +
      'case, any accent), the email, the phone (national in the program’s country, or ' +
      'international) and the card number; a member matching any is found.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ example: 'lovel', description: 'The start of any word of the name.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'ada@example.com' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string;

  @ApiPropertyOptional({ example: '06 12345678', description: 'National or international.' })
  @IsOptional()
  @IsString()
  @Length(3, 32)
  phone?: string;

  @ApiPropertyOptional({ description: 'A card of the program, active or not.' })
  @IsOptional()
  @IsCardNumber()
  cardNumber?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Members enrolled at this store.' })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @ApiPropertyOptional({ example: 'gold', description: 'Members in this tier now.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  tier?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Enrolled at or after.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  enrolledFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Enrolled before.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  enrolledBefore?: string;
}

export class MergeMemberRequest {
  @ApiProperty({
    format: 'uuid',
    description: 'The member the duplicate (the path’s member) is merged into, and who stays.',
  })
  @IsUUID()
  intoMemberId!: string;

  @ApiProperty({ example: 'enrolled twice at the desk, same person (ID checked)' })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

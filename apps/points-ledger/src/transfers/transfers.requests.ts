import { IsCardNumber, IsId } from '@loyalty/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_POINTS } from '../common/amounts';

export class StaffTransferRequest {
  @ApiProperty({ format: 'uuid', description: 'The member whose points leave.' })
  @IsId()
  fromMemberId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsId()
  toMemberId!: string;

  @ApiProperty({ example: 250, description: "At most the program's staffTransferMaxPoints." })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  points!: number;

  @ApiProperty({
    example: 'member asked at the desk to pool points with their partner',
    description: 'Why, and that the sending member asked for it: at least 10 characters.',
  })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

/** Who receives a member's points: exactly one of card number, email and phone. */
export class RecipientRequest {
  @ApiPropertyOptional({ description: "The recipient's card number." })
  @IsOptional()
  @IsCardNumber()
  cardNumber?: string;

  @ApiPropertyOptional({ example: 'sam@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    example: '+31612345678',
    description: "E.164, or national in the program's phone region.",
  })
  @IsOptional()
  @IsString()
  @Length(3, 32)
  phone?: string;
}

export class MemberTransferRequest {
  @ApiProperty({ type: RecipientRequest })
  @IsObject()
  @ValidateNested()
  @Type(() => RecipientRequest)
  to!: RecipientRequest;

  @ApiProperty({
    example: 200,
    description: "Within the program's memberTransferDailyPoints over any 24 hours.",
  })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  points!: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches } from 'class-validator';

export class SignInCodeRequest {
  @ApiProperty({ example: 'DEMO', description: 'The program the app belongs to.' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'programCode must be a program code' })
  programCode!: string;

  @ApiPropertyOptional({ example: 'ada@example.com', description: 'The email; or send phone.' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string;

  @ApiPropertyOptional({
    example: '06 17540594',
    description:
      'The phone the member enrolled with, international (+31 6 17540594) or as the program’s ' +
      'country writes it; or send email. The code goes to it by text message.',
  })
  @IsOptional()
  @IsString()
  @Length(3, 32)
  phone?: string;
}

export class MemberSignInRequest extends SignInCodeRequest {
  @ApiProperty({ example: '042817', description: 'The six digits that were sent.' })
  @Matches(/^[0-9]{6}$/, { message: 'code must be the six digits that were sent' })
  code!: string;
}

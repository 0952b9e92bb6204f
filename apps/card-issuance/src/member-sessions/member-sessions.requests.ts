import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, Matches } from 'class-validator';

export class SignInCodeRequest {
  @ApiProperty({ example: 'DEMO', description: 'The program the app belongs to.' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'programCode must be a program code' })
  programCode!: string;

  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;
}

export class MemberSignInRequest extends SignInCodeRequest {
  @ApiProperty({ example: '042817', description: 'The six digits that were sent.' })
  @Matches(/^[0-9]{6}$/, { message: 'code must be the six digits that were sent' })
  code!: string;
}

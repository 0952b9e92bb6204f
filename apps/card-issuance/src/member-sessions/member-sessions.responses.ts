import { ApiProperty } from '@nestjs/swagger';

export class SignInCodeAcceptedResponse {
  @ApiProperty({ example: 600, description: 'How long a code is valid, in seconds.' })
  expiresIn!: number;
}

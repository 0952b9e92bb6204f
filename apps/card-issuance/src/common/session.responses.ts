import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** What a sign-in or a refresh returns: a short-lived access token and the next refresh token. */
export class SessionTokensResponse {
  @ApiProperty({ description: 'JWT; send as `Authorization: Bearer <token>`.' })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @ApiProperty({
    description: 'Single use: each refresh returns the next one. Reusing one ends the session.',
  })
  refreshToken!: string;
}

export class RefreshSessionRequest {
  @ApiProperty()
  @IsString()
  @Length(10, 200)
  refreshToken!: string;
}

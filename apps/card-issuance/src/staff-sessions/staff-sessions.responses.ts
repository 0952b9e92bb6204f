import { ApiProperty } from '@nestjs/swagger';
import { SessionTokensResponse } from '../common/session.responses';
import { StaffResponse } from '../staff/staff.responses';

export class StaffSessionResponse extends SessionTokensResponse {
  @ApiProperty({ type: StaffResponse })
  staff!: StaffResponse;
}

import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ImportHistoryUseCase, type ImportSummary } from '@loyalty/ledger';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ImportKindParams, ImportRowsRequest } from './imports.requests';
import { ImportSummaryResponse } from './imports.responses';

@ApiTags('imports')
@Controller({ version: '1' })
export class ImportsController {
  constructor(private readonly importHistory: ImportHistoryUseCase) {}

  @Post('imports/:kind')
  @HttpCode(200)
  @StaffAccess(StaffPermission.ImportHistory)
  @ApiOperation({
    summary: 'Import members, opening balances or past purchases from another system (admins)',
    description:
      'Up to 1,000 rows per request; a file goes through `npm run import`. Every row is ' +
      'idempotent (members by externalId, balances by reference, purchases by store and ' +
      'receipt): sending it again skips it. A refused row is answered with its line and field; ' +
      'the others are imported.',
  })
  @ApiOkResponse({ type: ImportSummaryResponse })
  rows(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: ImportKindParams,
    @Body() body: ImportRowsRequest,
  ): Promise<ImportSummary> {
    return this.importHistory.importRows(staff.programId, params.kind, body.rows);
  }
}

import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ManageWebhooksUseCase } from './manage-webhooks.use-case';
import { WebhookIdParams, WebhookRequest } from './webhooks.requests';
import {
  CreatedWebhookResponse,
  WebhookDeliveriesResponse,
  WebhookEndpointsResponse,
} from './webhooks.responses';

/** A program's webhook endpoints, for its admins (manage-webhooks.use-case.ts). */
@ApiTags('webhooks')
@Controller({ path: 'webhooks', version: '1' })
export class WebhooksController {
  constructor(private readonly webhooks: ManageWebhooksUseCase) {}

  @Post()
  @StaffAccess(StaffPermission.ManageValuePolicy)
  @ApiOperation({ summary: 'Register an endpoint for value and ledger events' })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails })
  async create(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: WebhookRequest,
  ): Promise<CreatedWebhookResponse> {
    const { endpoint, secret } = await this.webhooks.register(
      staff.programId,
      body.url,
      body.eventTypes,
    );
    return { id: endpoint.id, url: endpoint.url, eventTypes: endpoint.eventTypes, secret };
  }

  @Get()
  @StaffAccess(StaffPermission.ManageValuePolicy)
  @ApiOperation({ summary: 'The program’s endpoints (without their secrets)' })
  @ApiOkResponse({ type: WebhookEndpointsResponse })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<WebhookEndpointsResponse> {
    const endpoints = await this.webhooks.list(staff.programId);
    return {
      items: endpoints.map((endpoint) => ({
        ...endpoint,
        createdAt: endpoint.createdAt.toISOString(),
        disabledAt: endpoint.disabledAt?.toISOString() ?? null,
      })),
    };
  }

  @Get(':webhookId/deliveries')
  @StaffAccess(StaffPermission.ManageValuePolicy)
  @ApiOperation({ summary: 'The delivery log of an endpoint' })
  @ApiOkResponse({ type: WebhookDeliveriesResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async deliveries(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: WebhookIdParams,
  ): Promise<WebhookDeliveriesResponse> {
    const attempts = await this.webhooks.deliveries(staff.programId, params.webhookId);
    return {
      items: attempts.map((attempt) => ({
        ...attempt,
        attemptedAt: attempt.attemptedAt.toISOString(),
      })),
    };
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @StaffAccess(StaffPermission.ManageValuePolicy)
  @ApiOperation({ summary: 'Stop delivering to an endpoint' })
  @ApiNoContentResponse({ description: 'No more deliveries go to it.' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async disable(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: WebhookIdParams,
  ): Promise<void> {
    await this.webhooks.disable(staff.programId, params.webhookId);
  }
}

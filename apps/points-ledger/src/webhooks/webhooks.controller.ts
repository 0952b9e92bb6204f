import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import {
  DomainError,
  DomainErrorCode,
  StaffPermission,
  type StaffPrincipal,
} from '@loyalty/domain';
import { WebhookRepository } from '@loyalty/persistence';
import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { ProblemDetails, refusalOfDestination } from '@loyalty/platform';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { randomBytes, randomUUID } from 'node:crypto';
import { WebhookIdParams, WebhookRequest } from './webhooks.requests';
import {
  CreatedWebhookResponse,
  WebhookDeliveriesResponse,
  WebhookEndpointsResponse,
} from './webhooks.responses';

/**
 * A program's webhook endpoints (admins). Deliveries are POSTs of `{id, type, programId,
 * memberId, occurredAt, data}` signed `loyalty-signature: t=…,v1=HMAC-SHA256(secret, "t.body")`,
 * retried with backoff, each attempt in the delivery log.
 */
@ApiTags('webhooks')
@Controller({ path: 'webhooks', version: '1' })
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhookRepository,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
  ) {}

  @Post()
  @StaffAccess(StaffPermission.ManageValuePolicy)
  @ApiOperation({ summary: 'Register an endpoint for value and ledger events' })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails })
  async create(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: WebhookRequest,
  ): Promise<CreatedWebhookResponse> {
    // Checked again at every delivery, against the addresses the connection then uses.
    const refusal = await refusalOfDestination(body.url, this.config.webhooks);
    if (refusal) {
      throw new DomainError(
        DomainErrorCode.WebhookUrlNotAllowed,
        `this URL may not receive webhooks: ${refusal}`,
        'url',
      );
    }
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const endpoint = await this.webhooks.create({
      id: randomUUID(),
      programId: staff.programId,
      url: body.url,
      secret,
      eventTypes: [...new Set(body.eventTypes)],
    });
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
    const owned = (await this.webhooks.list(staff.programId)).some(
      (e) => e.id === params.webhookId,
    );
    if (!owned) throw this.notFound();
    const attempts = await this.webhooks.deliveries(params.webhookId);
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
    if (!(await this.webhooks.disable(staff.programId, params.webhookId))) throw this.notFound();
  }

  private notFound(): DomainError {
    return new DomainError(
      DomainErrorCode.WebhookNotFound,
      'no live endpoint of the program has this id',
      'webhookId',
    );
  }
}

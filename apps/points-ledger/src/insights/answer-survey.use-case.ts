import { DomainError, DomainErrorCode, type MemberPrincipal } from '@loyalty/domain';
import { InsightsRepository, StoreRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { SurveyRequest } from './insights.requests';
import type { SurveyAnswerResponse } from './insights.responses';

/**
 * A member's survey answer: one voice per member, store and month, so a new answer about the same
 * store (or the program) in the same month replaces the earlier one.
 */
@Injectable()
export class AnswerSurveyUseCase {
  constructor(
    private readonly insights: InsightsRepository,
    private readonly stores: StoreRepository,
  ) {}

  async execute(member: MemberPrincipal, answer: SurveyRequest): Promise<SurveyAnswerResponse> {
    if (answer.nps === undefined && answer.csat === undefined && answer.ces === undefined) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'answer at least one of nps, csat and ces',
        'nps',
      );
    }
    if (answer.storeId) {
      const store = await this.stores.findById(answer.storeId);
      if (!store || store.programId !== member.programId) {
        throw new DomainError(
          DomainErrorCode.StoreNotFound,
          'no store of the program has this id',
          'storeId',
        );
      }
    }
    return this.insights.recordSurvey({
      id: randomUUID(),
      programId: member.programId,
      memberId: member.memberId,
      storeId: answer.storeId ?? null,
      nps: answer.nps ?? null,
      csat: answer.csat ?? null,
      ces: answer.ces ?? null,
      comment: answer.comment ?? null,
    });
  }
}

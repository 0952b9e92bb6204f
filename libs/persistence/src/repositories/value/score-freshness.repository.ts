import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface StaleMember {
  readonly programId: string;
  readonly memberId: string;
}

/** How far back a purchase or refund is looked for; older staleness is left to the daily rescore. */
export const FRESHNESS_WINDOW_DAYS = 30;

/**
 * Which members' scores are older than what they last did: a purchase or refund recorded after
 * their last scoring (or a member never scored), in a program with a value policy in force, for
 * members not erased; and members owed a reward that was granted and never paid (their job was
 * lost between the two steps), which their next scoring pays. `staleAfterSeconds` leaves the
 * normal path (an event, then a score job a second later) time to do its work before a member
 * counts as stale.
 */
@Injectable()
export class ScoreFreshnessRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  staleMembers(options: {
    readonly staleAfterSeconds: number;
    readonly limit: number;
    readonly programId?: string;
  }): Promise<StaleMember[]> {
    return this.dataSource.query<StaleMember[]>(
      `WITH activity AS (
         SELECT p.program_id, p.member_id, p.recorded_at
           FROM purchases p
          WHERE p.recorded_at >= now() - make_interval(days => $4)
            AND ($3::uuid IS NULL OR p.program_id = $3)
         UNION ALL
         SELECT p.program_id, p.member_id, r.recorded_at
           FROM purchase_refunds r JOIN purchases p ON p.id = r.purchase_id
          WHERE r.recorded_at >= now() - make_interval(days => $4)
            AND ($3::uuid IS NULL OR p.program_id = $3)
       ),
       last_activity AS (
         SELECT program_id, member_id, max(recorded_at) AS at FROM activity GROUP BY 1, 2
       ),
       behind AS (
         SELECT a.program_id, a.member_id, a.at
           FROM last_activity a
           JOIN members m ON m.id = a.member_id AND m.erased_at IS NULL
                AND m.merged_into_member_id IS NULL
           LEFT JOIN member_scores s ON s.member_id = a.member_id
          WHERE (s.scored_at IS NULL OR s.scored_at < a.at)
            AND a.at < now() - make_interval(secs => $1)
            AND EXISTS (SELECT 1 FROM value_policies v
                         WHERE v.program_id = a.program_id AND v.effective_from <= now())
         UNION ALL
         SELECT g.program_id, g.member_id, g.created_at
           FROM reward_grants g
           JOIN members m ON m.id = g.member_id AND m.erased_at IS NULL
                AND m.merged_into_member_id IS NULL
          WHERE g.paid_at IS NULL
            AND g.created_at < now() - make_interval(secs => $1)
            AND ($3::uuid IS NULL OR g.program_id = $3)
       )
       SELECT program_id AS "programId", member_id AS "memberId"
         FROM behind
        GROUP BY program_id, member_id
        ORDER BY min(at)
        LIMIT $2`,
      [options.staleAfterSeconds, options.limit, options.programId ?? null, FRESHNESS_WINDOW_DAYS],
    );
  }
}

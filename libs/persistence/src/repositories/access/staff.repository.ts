import { DomainError, DomainErrorCode, type StaffMember, type StaffRole } from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { Database } from '../../database';
import { violatedUniqueConstraint } from '../../unique-violation';
import type { ColumnsOf } from '../../schema/rows';

interface StaffRow extends ColumnsOf<
  'staff_members',
  | 'id'
  | 'program_id'
  | 'email'
  | 'display_name'
  | 'store_id'
  | 'password_hash'
  | 'disabled_at'
  | 'created_at'
> {
  role: StaffRole;
}

export interface StaffWithPassword {
  readonly staff: StaffMember;
  readonly passwordHash: string;
}

export interface NewStaffMember {
  readonly programId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly storeId: string | null;
  readonly passwordHash: string;
}

export interface StaffChanges {
  readonly displayName?: string | undefined;
  readonly role?: StaffRole | undefined;
  readonly storeId?: string | null | undefined;
  readonly passwordHash?: string | undefined;
  readonly disabled?: boolean | undefined;
}

const toStaff = (row: StaffRow): StaffMember => ({
  id: row.id,
  programId: row.program_id,
  email: row.email,
  displayName: row.display_name,
  role: row.role,
  storeId: row.store_id,
  disabledAt: row.disabled_at,
  createdAt: row.created_at,
});

const emailTaken = (email: string): DomainError =>
  new DomainError(
    DomainErrorCode.StaffEmailTaken,
    `a staff account of this program uses ${email}`,
    'email',
  );

@Injectable()
export class StaffRepository {
  constructor(private readonly database: Database) {}

  async insert(staff: NewStaffMember): Promise<StaffMember> {
    try {
      const [row] = await this.database.query<StaffRow[]>(
        `INSERT INTO staff_members (program_id, email, display_name, role, store_id, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [
          staff.programId,
          staff.email,
          staff.displayName,
          staff.role,
          staff.storeId,
          staff.passwordHash,
        ],
      );
      return toStaff(row!);
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'staff_members_program_id_email_key') {
        throw emailTaken(staff.email);
      }
      throw error;
    }
  }

  /**
   * The accounts an email signs in to: one per program at most (an email is unique within a
   * program, not across them, so that no program learns of another's staff); one program's
   * when a program code is given.
   */
  async findByEmail(email: string, programCode?: string): Promise<StaffWithPassword[]> {
    const rows = await this.database.query<StaffRow[]>(
      `SELECT s.* FROM staff_members s
         JOIN programs p ON p.id = s.program_id
        WHERE s.email = $1 AND ($2::text IS NULL OR p.code = $2)
        ORDER BY s.created_at
        LIMIT 20`,
      [email, programCode ?? null],
    );
    return rows.map((row) => ({ staff: toStaff(row), passwordHash: row.password_hash }));
  }

  /** For a refresh: the token names the staff member, whatever their program. */
  async findByIdInAnyProgram(id: string): Promise<StaffMember | null> {
    const [row] = await this.database.query<StaffRow[]>(
      `SELECT * FROM staff_members WHERE id = $1`,
      [id],
    );
    return row ? toStaff(row) : null;
  }

  async findById(programId: string, id: string): Promise<StaffMember | null> {
    const [row] = await this.database.query<StaffRow[]>(
      `SELECT * FROM staff_members WHERE id = $1 AND program_id = $2`,
      [id, programId],
    );
    return row ? toStaff(row) : null;
  }

  async listByProgram(programId: string): Promise<StaffMember[]> {
    const rows = await this.database.query<StaffRow[]>(
      `SELECT * FROM staff_members WHERE program_id = $1 ORDER BY email LIMIT 1000`,
      [programId],
    );
    return rows.map(toStaff);
  }

  async update(programId: string, id: string, changes: StaffChanges): Promise<StaffMember | null> {
    const [rows] = await this.database.query<[StaffRow[], number]>(
      `UPDATE staff_members SET
          display_name = COALESCE($3, display_name),
          role = COALESCE($4, role),
          store_id = CASE WHEN $5::boolean THEN $6::uuid ELSE store_id END,
          password_hash = COALESCE($7, password_hash),
          disabled_at = CASE WHEN $8::boolean IS NULL THEN disabled_at
                             WHEN $8::boolean THEN COALESCE(disabled_at, now())
                             ELSE NULL END,
          updated_at = now()
        WHERE id = $1 AND program_id = $2
        RETURNING *`,
      [
        id,
        programId,
        changes.displayName ?? null,
        changes.role ?? null,
        changes.storeId !== undefined,
        changes.storeId ?? null,
        changes.passwordHash ?? null,
        changes.disabled ?? null,
      ],
    );
    const row = rows[0];
    return row ? toStaff(row) : null;
  }
}

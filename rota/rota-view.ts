/**
 * Read-only questions about the triage rota: who covers a date, my next days, gaps, balance.
 * Bound to one snapshot so commands and cards ask several questions of the same data.
 */
import { addDays, dayOfWeek, type WorkingCalendar } from '../policy/calendar';
import type { LocalDate, OrgSnapshot, RotaDay, RotaStatus, Staff } from '../policy/domain';
import type { TriageSettings } from '../policy/profile';
import {
  coveringMember,
  holderUnavailable,
  memberBalance,
  rotaByDate,
  staffIndex,
  triageHorizonEnd,
  uncoveredDays,
  type HolderUnavailable,
  type MemberBalance,
} from '../policy/triage-coverage';
import { contactOf, rotaMembers, type Contact } from './members';

export interface Cover {
  date: LocalDate;
  /** False on weekends and bank holidays: never a rota day. */
  rotaDay: boolean;
  status: RotaStatus | null;
  hub: string | null;
  member: { id: string; name: string; hub: string | null; contact: Contact } | null;
  /** The named member cannot be there (away, left, not started): the day is uncovered. */
  holderUnavailable: HolderUnavailable | null;
  /**
   * A sick day covered by a member of another hub than the row's: that member's hub, so the
   * day is shown as cover from another hub (CONTRACT "Sickness cover stays in the hub").
   */
  coverFromHub: string | null;
}

export type GapReason =
  'unassigned' | 'sick' | 'holder-absent' | 'holder-left' | 'holder-not-started';

export interface Gap {
  date: LocalDate;
  /** The hub the day belongs to when a row exists. */
  hub: string | null;
  /**
   * `sick` when the holder reported sick and nobody has taken it yet; `holder-absent` when the
   * holder is recorded as away (leave, sickness) that day; `holder-left` / `holder-not-started`
   * when the holder is not in post that day (CONTRACT "Leavers on the rota").
   */
  reason: GapReason;
}

export interface BalanceRow extends MemberBalance {
  name: string;
  hub: string | null;
  imbalanced: boolean;
}

/**
 * The last day the rota must be complete to: the same date `monthsAhead` calendar months after
 * `from` (CONTRACT "Triage horizon"; one horizon for findings, readiness and `triage gaps`).
 */
export function horizonEnd(from: LocalDate, monthsAhead: number): LocalDate {
  return triageHorizonEnd(from, monthsAhead);
}

export class RotaView {
  private readonly byDate: Map<LocalDate, RotaDay>;
  private readonly staffById: Map<string, Staff>;

  constructor(
    readonly snapshot: OrgSnapshot,
    readonly settings: TriageSettings,
    readonly calendar: WorkingCalendar,
  ) {
    this.byDate = rotaByDate(snapshot.rota);
    this.staffById = staffIndex(snapshot.staff);
  }

  row(date: LocalDate): RotaDay | undefined {
    return this.byDate.get(date);
  }

  staff(id: string): Staff | undefined {
    return this.staffById.get(id);
  }

  coverFor(date: LocalDate): Cover {
    const rotaDay = this.calendar.isWorkingDay(date);
    const row = rotaDay ? this.byDate.get(date) : undefined;
    const id = coveringMember(row);
    const s = id ? this.staffById.get(id) : undefined;
    const unavailable = id
      ? holderUnavailable(this.staffById, this.snapshot.absences, id, date)
      : null;
    const otherHub =
      row?.status === 'sick' && row.hub && s?.team && s.team !== row.hub ? s.team : null;
    return {
      date,
      rotaDay,
      status: row?.status ?? null,
      hub: row?.hub || s?.team || null,
      holderUnavailable: unavailable,
      coverFromHub: otherHub,
      member: id
        ? {
            id,
            // A member id the staff list doesn't know is shown as the id: never hide cover.
            name: s?.name ?? id,
            hub: s?.team ?? null,
            contact: s ? contactOf(s) : { email: '', teamsChatUrl: '' },
          }
        : null,
    };
  }

  /** The working days of the week (Mon–Fri) containing `date`; on a weekend, the next week. */
  week(date: LocalDate): Cover[] {
    let monday = date;
    const dow = dayOfWeek(date);
    if (dow === 6) monday = addDays(date, 2);
    else if (dow === 0) monday = addDays(date, 1);
    else monday = addDays(date, 1 - dow);
    return this.calendar
      .workingDaysInRange(monday, addDays(monday, 4))
      .map((d) => this.coverFor(d));
  }

  /** The next `n` rota days a member holds, on or after `from`. */
  myDays(memberId: string, from: LocalDate, n: number): Cover[] {
    const dates = [...this.byDate.values()]
      .filter(
        (r) =>
          r.date >= from && coveringMember(r) === memberId && this.calendar.isWorkingDay(r.date),
      )
      .map((r) => r.date)
      .sort();
    return dates.slice(0, n).map((d) => this.coverFor(d));
  }

  /** Working days from `from` to `to` nobody covers. */
  gaps(from: LocalDate, to: LocalDate): Gap[] {
    const { rota, absences, staff } = this.snapshot;
    return uncoveredDays(rota, from, to, this.calendar, absences, staff).map((date) => {
      const row = this.byDate.get(date);
      const holder = coveringMember(row);
      const why = holder ? holderUnavailable(this.staffById, absences, holder, date) : null;
      return {
        date,
        hub: row?.hub || null,
        reason:
          why === 'left'
            ? 'holder-left'
            : why === 'not-started'
              ? 'holder-not-started'
              : holder
                ? 'holder-absent'
                : row?.status === 'sick'
                  ? 'sick'
                  : 'unassigned',
      };
    });
  }

  members(on: LocalDate): Staff[] {
    return rotaMembers(this.snapshot, this.settings, on);
  }

  /** Each member's days against their fair share for each month (`YYYY-MM`). */
  balance(months: string[]): Array<{ month: string; rows: BalanceRow[] }> {
    return months.map((month) => {
      // Members in post on the 1st share the month.
      const members = this.members(`${month}-01`);
      const rows = memberBalance(
        this.snapshot.rota,
        members.map((m) => m.id),
        month,
        this.settings,
        this.calendar,
      ).map((b) => {
        const s = this.staffById.get(b.memberId);
        return {
          ...b,
          name: s?.name ?? b.memberId,
          hub: s?.team ?? null,
          imbalanced: Math.abs(b.diff) > this.settings.imbalanceTolerance,
        };
      });
      return { month, rows };
    });
  }
}

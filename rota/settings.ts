/**
 * Rota behaviour the policy leaves to the organisation: how long a swap offer or a sickness
 * request waits before the next step. The profile's TriageSettings may carry these as optional
 * extra fields (same names); otherwise the defaults below apply.
 */
import type { TriageSettings } from '../policy/profile';

export interface RotaRules {
  /** Working (desk) hours a sickness request stays with the holder's hub before team leaders of every hub are asked. */
  sickHubWorkingHours: number;
  /** On the day itself, team leaders are asked at this London time at the latest ("10:00"). */
  sickSameDayEscalateAt: string;
  /** Working (desk) hours a swap offer waits for an answer; never past the start of the day itself. */
  swapAnswerWorkingHours: number;
  /**
   * Team leaders of every hub are asked when the due hub has not covered a sick day in time.
   * Off by default (003 "Sickness cover must be covered by the Hub that should have been
   * represented"); the day then stays a gap for that hub, reported as `triage-uncovered`.
   */
  sickCoverFromOtherHubs: boolean;
}

export const DEFAULT_ROTA_RULES: RotaRules = {
  sickHubWorkingHours: 2,
  sickSameDayEscalateAt: '10:00',
  swapAnswerWorkingHours: 8,
  sickCoverFromOtherHubs: false,
};

/** The rules for a profile's triage settings: optional overrides on the settings, else defaults. */
export function rotaRules(settings: TriageSettings): RotaRules {
  const extra = settings as TriageSettings & Partial<RotaRules>;
  return {
    sickHubWorkingHours: extra.sickHubWorkingHours ?? DEFAULT_ROTA_RULES.sickHubWorkingHours,
    sickSameDayEscalateAt: extra.sickSameDayEscalateAt ?? DEFAULT_ROTA_RULES.sickSameDayEscalateAt,
    swapAnswerWorkingHours:
      extra.swapAnswerWorkingHours ?? DEFAULT_ROTA_RULES.swapAnswerWorkingHours,
    sickCoverFromOtherHubs:
      extra.sickCoverFromOtherHubs ?? DEFAULT_ROTA_RULES.sickCoverFromOtherHubs,
  };
}

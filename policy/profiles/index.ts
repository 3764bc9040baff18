/** The five policy profiles, and getProfile with an organisation's validated overrides. */
import { applyOverrides, ProfileError } from '../profile-overrides';
import { PROFILE_IDS, type PolicyProfile, type ProfileId } from '../profile';
import { durhamEh } from './durham-eh';
import { islingtonEh } from './islington-eh';
import { manchesterCs } from './manchester-cs';
import { shropshireTeh } from './shropshire-teh';
import { telfordSf } from './telford-sf';

export { ProfileError } from '../profile-overrides';

export const PROFILES: Record<ProfileId, PolicyProfile> = {
  'durham-eh': durhamEh,
  'shropshire-teh': shropshireTeh,
  'manchester-cs': manchesterCs,
  'telford-sf': telfordSf,
  'islington-eh': islingtonEh,
};

export function isProfileId(id: string): id is ProfileId {
  return (PROFILE_IDS as readonly string[]).includes(id);
}

/** A copy of the profile (never the shared object), with `overrides` applied when given. */
export function getProfile(id: string, overrides?: unknown): PolicyProfile {
  if (!isProfileId(id)) {
    throw new ProfileError(
      `unknown policy profile "${id}"; expected one of ${PROFILE_IDS.join(', ')}`,
    );
  }
  const base = PROFILES[id];
  return overrides === undefined ? structuredClone(base) : applyOverrides(base, overrides);
}

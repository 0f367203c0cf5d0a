import type { IsoDate } from "../calendar";

/** A rate for one person, or for everyone billed under a role ("Senior consultant"). */
export interface RateCard {
  id: string;
  userId: string | null;
  roleName: string | null;
  /** Cents per hour. */
  hourlyRate: number;
  /** First week the rate applies; null means since the beginning. */
  effectiveFrom: IsoDate | null;
}

export interface BilledPerson {
  userId: string;
  /** The person's billing role on the project, if any. */
  roleName: string | null;
}

const sameRole = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function latestApplicable(cards: RateCard[], on: IsoDate): RateCard | undefined {
  let best: RateCard | undefined;
  for (const card of cards) {
    if (card.effectiveFrom !== null && card.effectiveFrom > on) continue;
    if (!best || (card.effectiveFrom ?? "") > (best.effectiveFrom ?? "")) best = card;
  }
  return best;
}

/**
 * The rate that prices a person's hours on a date. A card for the person overrides any card
 * for their role, whatever the dates; among cards of the same kind, the one that took effect
 * most recently on or before the date wins. Undefined when nothing applies: those hours are
 * reported as unrated rather than priced at zero silently.
 */
export function resolveRate(cards: RateCard[], person: BilledPerson, on: IsoDate): RateCard | undefined {
  const personal = latestApplicable(
    cards.filter((card) => card.userId === person.userId),
    on,
  );
  if (personal) return personal;
  const { roleName } = person;
  if (roleName === null) return undefined;
  return latestApplicable(
    cards.filter(
      (card) => card.userId === null && card.roleName !== null && sameRole(card.roleName, roleName),
    ),
    on,
  );
}

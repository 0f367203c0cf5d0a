/** Field limits shared by the API schemas and the coach's action schema, so both refuse the same input. */
export const GOAL_LIMITS = {
  titleMax: 200,
  descriptionMax: 5000,
  unitMax: 24,
  noteMax: 2000,
  /** Key result values: wide enough for money in cents, narrow enough to stay exact in a double. */
  valueAbsMax: 1e12,
  weightMax: 100,
  estimateMinutesMax: 60 * 24 * 30,
} as const;

export const VISIBILITIES = ["private", "group", "org"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const SHARE_PERMISSIONS = ["view", "edit"] as const;
export type SharePermission = (typeof SHARE_PERMISSIONS)[number];

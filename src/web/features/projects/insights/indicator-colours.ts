import { INDICATORS, type Indicator, type ItemType, type RiskLevel } from "@core/raid";
import { INDICATOR_TONES } from "../project-ui";

/**
 * Raw colours for SVG and charts, where Tailwind classes do not reach. Indicators take the
 * `chart` colour of the items table's INDICATOR_TONES, so a bar on the Gantt, a tile on the
 * dashboard and a badge in the table always agree: red late, amber slipping, blue/violet soon,
 * teal in progress, grey not started, green done.
 */
export const INDICATOR_COLOURS = Object.fromEntries(
  INDICATORS.map((indicator) => [indicator, INDICATOR_TONES[indicator].chart]),
) as Record<Indicator, string>;

/** Indicators whose colour is light enough to need dark text on top of it. */
export const LIGHT_INDICATORS: ReadonlySet<Indicator> = new Set([
  "not_started",
  "completed",
  "trending_late",
]);

/** The heat map's bands: green, amber, orange, red (the same hues as RiskScoreChip). */
export const RISK_LEVEL_COLOURS: Record<RiskLevel, { fill: string; empty: string; text: string }> = {
  low: { fill: "oklch(72% 0.13 160)", empty: "oklch(96.5% 0.03 160)", text: "oklch(30% 0.06 160)" },
  medium: { fill: "oklch(82% 0.14 85)", empty: "oklch(97.5% 0.035 90)", text: "oklch(36% 0.08 70)" },
  high: { fill: "oklch(70% 0.17 45)", empty: "oklch(96% 0.035 45)", text: "oklch(28% 0.08 40)" },
  critical: { fill: "oklch(57.7% 0.245 27.325)", empty: "oklch(95.5% 0.03 25)", text: "oklch(100% 0 0)" },
};

/** One hue per item type, for charts grouped by type. */
export const TYPE_COLOURS: Record<ItemType, string> = {
  risk: "oklch(57.7% 0.2 27)",
  action: "oklch(51.1% 0.096 186.391)",
  issue: "oklch(62% 0.16 50)",
  decision: "oklch(52% 0.15 285)",
  deliverable: "oklch(55% 0.13 245)",
  milestone: "oklch(45% 0.02 60)",
};

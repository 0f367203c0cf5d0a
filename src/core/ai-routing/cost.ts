import type { CatalogModel } from "./catalog";

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/**
 * Cost of a call in micro-dollars (1e-6 USD), an integer so sums are exact. With prices per
 * million tokens, tokens x price is already in micro-dollars.
 */
export function costMicroUsd(
  model: Pick<CatalogModel, "inputUsdPerMTok" | "outputUsdPerMTok">,
  usage: TokenUsage,
): number {
  return Math.round(usage.inputTokens * model.inputUsdPerMTok + usage.outputTokens * model.outputUsdPerMTok);
}

export const microUsdToUsd = (microUsd: number): number => microUsd / 1_000_000;
export const usdToMicroUsd = (usd: number): number => Math.round(usd * 1_000_000);

/** A provider-independent guess (about four characters per token) used before a call, for context limits. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

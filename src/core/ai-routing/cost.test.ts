import { describe, expect, it } from "vitest";
import { costMicroUsd, estimateTokens, microUsdToUsd, usdToMicroUsd } from "./cost";

describe("costMicroUsd", () => {
  it("multiplies tokens by the per-million price", () => {
    // 1M input at $3/M and 100k output at $15/M: $3 + $1.50.
    expect(
      costMicroUsd(
        { inputUsdPerMTok: 3, outputUsdPerMTok: 15 },
        { inputTokens: 1_000_000, outputTokens: 100_000 },
      ),
    ).toBe(4_500_000);
  });

  it("rounds to whole micro-dollars", () => {
    expect(
      costMicroUsd({ inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 }, { inputTokens: 10, outputTokens: 1 }),
    ).toBe(2);
  });

  it("is zero for free models and empty calls", () => {
    expect(
      costMicroUsd({ inputUsdPerMTok: 0, outputUsdPerMTok: 0 }, { inputTokens: 500, outputTokens: 500 }),
    ).toBe(0);
    expect(
      costMicroUsd({ inputUsdPerMTok: 3, outputUsdPerMTok: 15 }, { inputTokens: 0, outputTokens: 0 }),
    ).toBe(0);
  });
});

describe("units", () => {
  it("converts between dollars and micro-dollars", () => {
    expect(usdToMicroUsd(12.34)).toBe(12_340_000);
    expect(microUsdToUsd(2_500_000)).toBe(2.5);
    expect(usdToMicroUsd(0.0000014)).toBe(1);
  });

  it("estimates about four characters per token", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abcd")).toBe(1);
    expect(estimateTokens("abcde")).toBe(2);
  });
});

import { describe, expect, it } from "vitest";
import { AI_TASKS, isAiTask, LANGUAGE_TASKS, modelKindForTask } from "./tasks";

describe("tasks", () => {
  it("lists seed 004's matrix plus chat and embedding", () => {
    expect(AI_TASKS).toEqual([
      "chat",
      "quick_summary",
      "project_analysis",
      "risk_assessment",
      "technical_docs",
      "realtime",
      "embedding",
    ]);
    expect(LANGUAGE_TASKS).not.toContain("embedding");
    expect(LANGUAGE_TASKS).toHaveLength(6);
  });

  it("recognises tasks and the kind of model each needs", () => {
    expect(isAiTask("risk_assessment")).toBe(true);
    expect(isAiTask("poetry")).toBe(false);
    expect(modelKindForTask("embedding")).toBe("embedding");
    expect(modelKindForTask("chat")).toBe("language");
  });
});

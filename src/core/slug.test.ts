import { describe, expect, it } from "vitest";
import { slugify, uniqueSlug } from "./slug";

describe("slugify", () => {
  it.each([
    ["Acme & Sons, Ltd.", "acme-sons-ltd"],
    ["  Café Müller  ", "cafe-muller"],
    ["---", "org"],
    ["日本", "org"],
    ["A".repeat(60), "a".repeat(48)],
  ])("%s -> %s", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("never ends in a dash after truncation", () => {
    expect(slugify(`${"a".repeat(47)} b`)).toBe("a".repeat(47));
  });
});

describe("uniqueSlug", () => {
  it("keeps a free slug and numbers a taken one", () => {
    expect(uniqueSlug("acme", new Set())).toBe("acme");
    expect(uniqueSlug("acme", new Set(["acme", "acme-2"]))).toBe("acme-3");
  });
});

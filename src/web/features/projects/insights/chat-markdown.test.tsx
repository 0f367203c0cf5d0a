import { isValidElement, type ReactElement } from "react";
import { describe, expect, it } from "vitest";
import { parseBlocks, renderInline } from "./chat-markdown";

describe("the chat's Markdown", () => {
  it("splits paragraphs, headings, lists and code fences", () => {
    const blocks = parseBlocks(
      "## Late\nTwo items:\n\n- R-2 is late\n- A-1 slips\n\n1. first\n2. second\n\n```\ncode\n```",
    );
    expect(blocks.map((block) => block.kind)).toEqual(["heading", "paragraph", "list", "list", "code"]);
    expect(blocks[2]).toEqual({ kind: "list", ordered: false, items: ["R-2 is late", "A-1 slips"] });
    expect(blocks[3]).toMatchObject({ ordered: true, items: ["first", "second"] });
  });

  it("keeps an unfinished code fence while the answer streams", () => {
    expect(parseBlocks("```\nhalf")).toEqual([{ kind: "code", text: "half" }]);
  });

  it("links web addresses only; script and data links stay text", () => {
    const [safe] = renderInline("[docs](https://example.com/a)") as ReactElement<{ href: string }>[];
    expect(isValidElement(safe) && safe.props.href).toBe("https://example.com/a");
    expect(renderInline("[x](javascript:alert(1))")).toEqual(["x", ")"]);
  });

  it("hands item codes to the caller, who links the cited ones", () => {
    const parts = renderInline("See R-12 and DL-3.", {
      renderCode: (code) => (code === "R-12" ? `<${code}>` : null),
    });
    expect(parts).toEqual(["See ", "<R-12>", " and ", "DL-3", "."]);
  });

  it("never turns text into markup", () => {
    expect(renderInline("<img src=x onerror=alert(1)>")).toEqual(["<img src=x onerror=alert(1)>"]);
  });
});

import { describe, expect, it } from "vitest";
import { mentionsAsText, mentionToken, parseMentions, renderMentions } from "./mentions";

const PAT = "0193e0a4-6f8b-7c2e-9d41-2a5f1b7c8e90";
const SAM = "0193e0a4-6f8b-7c2e-9d41-2a5f1b7c8e91";

describe("mentions", () => {
  it("finds each person once, in order, by id", () => {
    const body = `Thanks @[Sam Lee](${SAM}) and @[Pat](${PAT.toUpperCase()}), cc @[Sam](${SAM}).`;
    expect(parseMentions(body)).toEqual([
      { userId: SAM, label: "Sam Lee" },
      { userId: PAT, label: "Pat" },
    ]);
  });

  it("ignores look-alikes: plain @names, emails, bad ids, empty labels", () => {
    expect(parseMentions("@pat hi, mail pat@example.com")).toEqual([]);
    expect(parseMentions("@[Pat](not-a-uuid) @[](0193e0a4-6f8b-7c2e-9d41-2a5f1b7c8e90)")).toEqual([]);
    expect(parseMentions(`[Pat](${PAT})`)).toEqual([]);
  });

  it("builds tokens that parse back, and renders them as @Name", () => {
    const token = mentionToken("Pat [PM]", PAT);
    expect(token).toBe(`@[Pat PM](${PAT})`);
    expect(parseMentions(`hi ${token}`)).toEqual([{ userId: PAT, label: "Pat PM" }]);
    expect(mentionsAsText(`Ask ${token} and @[Sam](${SAM}).`)).toBe("Ask @Pat PM and @Sam.");
  });

  it("labels mentions with the person's name, whatever the writer put, and unlinks unknown ids", () => {
    const names = new Map([[PAT, "Pat Example"]]);
    const spoof = `Approved by @[The CEO](${PAT.toUpperCase()}) and @[Sam](${SAM})`;
    const rendered = renderMentions(spoof, names);
    expect(rendered).toBe(`Approved by @[Pat Example](${PAT}) and @Sam`);
    expect(parseMentions(rendered)).toEqual([{ userId: PAT, label: "Pat Example" }]);
    expect(renderMentions(rendered, names)).toBe(rendered);
  });
});

import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { Sanitiser } from "./sanitiser";

describe("Sanitiser.sanitiseText", () => {
  it("replaces emails, phone numbers, card numbers and glossary terms", () => {
    const sanitiser = new Sanitiser(["Acme Holdings", "Globex"]);
    const text =
      "Mail jane.doe@acme.com or call +44 20 7946 0958 about Acme Holdings; card 4111 1111 1111 1111; globex too.";
    expect(sanitiser.sanitiseText(text)).toBe(
      "Mail «EMAIL_1» or call «PHONE_1» about «CLIENT_1»; card «CARD_1»; «CLIENT_2» too.",
    );
  });

  it("gives the same value the same placeholder and restores the exact original", () => {
    const sanitiser = new Sanitiser(["Acme"]);
    const once = sanitiser.sanitiseText("acme wrote to a@b.io");
    const twice = sanitiser.sanitiseText("ACME wrote to a@b.io again");
    expect(once).toBe("«CLIENT_1» wrote to «EMAIL_1»");
    expect(twice).toBe("«CLIENT_1» wrote to «EMAIL_1» again");
    expect(sanitiser.restoreText("Reply to «EMAIL_1» at «CLIENT_1»")).toBe("Reply to a@b.io at acme");
    expect(sanitiser.replacements).toBe(2);
  });

  it("recognises common phone formats", () => {
    const sanitiser = new Sanitiser([]);
    for (const phone of [
      "(555) 123-4567",
      "555-123-4567",
      "555.123.4567",
      "+1 555 123 4567",
      "06 12 34 56 78",
    ]) {
      expect(sanitiser.sanitiseText(`call ${phone} now`), phone).toMatch(/^call «PHONE_\d+» now$/);
    }
  });

  it("leaves dates, amounts, versions and short numbers alone", () => {
    const sanitiser = new Sanitiser([]);
    const text = "On 2025-03-14 we spent 12,500 EUR on v1.2.3, ticket 4521, 40% done, at 10:30.";
    expect(sanitiser.sanitiseText(text)).toBe(text);
  });

  it("only treats Luhn-valid digit runs as cards", () => {
    const sanitiser = new Sanitiser([]);
    expect(sanitiser.sanitiseText("4111-1111-1111-1111")).toBe("«CARD_1»");
    expect(sanitiser.sanitiseText("order 4111111111111112")).not.toContain("CARD");
  });

  it("matches glossary terms as whole words only, longest first", () => {
    const sanitiser = new Sanitiser(["Acme", "Acme Holdings", " ", "x"]);
    expect(sanitiser.sanitiseText("Acme Holdings owns Acme but not Acmeville")).toBe(
      "«CLIENT_1» owns «CLIENT_2» but not Acmeville",
    );
  });

  it("escapes glossary terms that contain regular-expression characters", () => {
    const sanitiser = new Sanitiser(["A+B (Europe)"]);
    expect(sanitiser.sanitiseText("Meet A+B (Europe) today")).toBe("Meet «CLIENT_1» today");
  });

  it("escapes restored values inside JSON (tool-call arguments)", () => {
    const sanitiser = new Sanitiser(['Acme "Labs"']);
    sanitiser.sanitiseText('Acme "Labs" rocks');
    const restored = sanitiser.restoreText('{"client":"«CLIENT_1»"}', true);
    expect(JSON.parse(restored)).toEqual({ client: 'Acme "Labs"' });
  });

  it("leaves placeholders it did not hand out unchanged", () => {
    const sanitiser = new Sanitiser([]);
    sanitiser.sanitiseText("x@y.io");
    expect(sanitiser.restoreText("«EMAIL_1» and «EMAIL_9»")).toBe("x@y.io and «EMAIL_9»");
  });
});

describe("Sanitiser.sanitisePrompt", () => {
  it("covers system, user, assistant, tool-call input and tool results, and leaves files alone", () => {
    const sanitiser = new Sanitiser(["Initech"]);
    const prompt: LanguageModelV3Prompt = [
      { role: "system", content: "You help Initech." },
      {
        role: "user",
        content: [
          { type: "text", text: "Email bob@initech.com" },
          { type: "file", mediaType: "image/png", data: "AAAA" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Sure, bob@initech.com" },
          {
            type: "tool-call",
            toolCallId: "1",
            toolName: "send",
            input: { to: "bob@initech.com", cc: ["Initech"] },
          },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "1",
            toolName: "send",
            output: { type: "text", value: "sent to bob@initech.com" },
          },
        ],
      },
    ];
    expect(sanitiser.sanitisePrompt(prompt)).toEqual([
      { role: "system", content: "You help «CLIENT_1»." },
      {
        role: "user",
        content: [
          { type: "text", text: "Email «EMAIL_1»" },
          { type: "file", mediaType: "image/png", data: "AAAA" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Sure, «EMAIL_1»" },
          {
            type: "tool-call",
            toolCallId: "1",
            toolName: "send",
            input: { to: "«EMAIL_1»", cc: ["«CLIENT_1»"] },
          },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "1",
            toolName: "send",
            output: { type: "text", value: "sent to «EMAIL_1»" },
          },
        ],
      },
    ]);
  });
});

describe("Sanitiser.streamRestorer", () => {
  function restoreInPieces(sanitiser: Sanitiser, pieces: string[]): { outputs: string[]; joined: string } {
    const restorer = sanitiser.streamRestorer();
    const outputs = pieces.map((piece) => restorer.push(piece));
    outputs.push(restorer.flush());
    return { outputs, joined: outputs.join("") };
  }

  it("restores placeholders split across any chunk boundary", () => {
    const sanitiser = new Sanitiser(["Acme"]);
    sanitiser.sanitiseText("Acme: ann@acme.io");
    const answer = "Dear «CLIENT_1», write to «EMAIL_1» today.";
    for (let cut = 1; cut < answer.length; cut++) {
      for (let second = cut + 1; second < answer.length; second++) {
        const pieces = [answer.slice(0, cut), answer.slice(cut, second), answer.slice(second)];
        expect(restoreInPieces(sanitiser, pieces).joined).toBe("Dear Acme, write to ann@acme.io today.");
      }
    }
  });

  it("never emits a partial placeholder, and releases text as soon as it is safe", () => {
    const sanitiser = new Sanitiser([]);
    sanitiser.sanitiseText("ann@acme.io");
    const { outputs } = restoreInPieces(sanitiser, ["Hi «EMA", "IL_1", "» bye"]);
    expect(outputs).toEqual(["Hi ", "", "ann@acme.io bye", ""]);
  });

  it("gives up holding when a « is not a placeholder, and flushes a dangling one at the end", () => {
    const sanitiser = new Sanitiser([]);
    sanitiser.sanitiseText("ann@acme.io");
    const long = restoreInPieces(sanitiser, ["a « quote that goes on for quite a while", " and more"]);
    expect(long.outputs[0]).toBe("a « quote that goes on for quite a while");
    expect(long.joined).toBe("a « quote that goes on for quite a while and more");
    expect(restoreInPieces(sanitiser, ["ends with «EM"]).outputs).toEqual(["ends with ", "«EM"]);
  });
});

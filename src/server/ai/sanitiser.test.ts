import type { LanguageModelV3Prompt, LanguageModelV3ToolResultOutput } from "@ai-sdk/provider";
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

  // Real numbers in the formats people write them: international, US, UK, French.
  it.each([
    "+44 20 7946 0958",
    "+44 (0)20 7946 0958",
    "+1 (555) 123-4567",
    "+1-555-123-4567",
    "+15551234567",
    "+33 6 12 34 56 78",
    "+49 30 12345678",
    "(555) 123-4567",
    "555-123-4567",
    "555.123.4567",
    "555 123 4567",
    "1-800-555-0199",
    "020 7946 0958",
    "07700 900123",
    "0121 496 0000",
    "06 12 34 56 78",
    "06.12.34.56.78",
  ])("replaces the phone number %s", (phone) => {
    const sanitiser = new Sanitiser([]);
    expect(sanitiser.sanitiseText(`call ${phone} now.`)).toBe("call «PHONE_1» now.");
    expect(sanitiser.restoreText("«PHONE_1»")).toBe(phone);
  });

  // Numbers that only look like phone numbers to a greedy pattern.
  it.each([
    ["a date and time", "2025-03-01 12:30"],
    ["an ISO timestamp", "2025-03-01T12:30:00Z"],
    ["a timestamp with an offset", "2025-03-01T12:30:00+01:00"],
    ["a European date and time", "01/03/2025 14:00"],
    ["a dotted date", "01.03.2025 09:15:30"],
    ["a time with seconds", "12:30:45"],
    ["an IP address", "192.168.100.200"],
    ["an IP address and port", "10.20.30.40:8080"],
    ["a version", "v10.20.30"],
    ["a four-part version", "2.10.100.1234"],
    ["an IBAN", "DE89 3704 0044 0532 0130 00"],
    ["an IBAN with letters", "GB29 NWBK 6016 1331 9268 19"],
    ["an IBAN without spaces", "DE89370400440532013000"],
    ["an account number in fours", "3704 0044 0532"],
    ["thousands", "1 234 567 890"],
    ["an amount", "12,500,000.00 EUR"],
    ["an id without separators", "ticket 123456789"],
    ["a card number that fails the Luhn check", "4111 1111 1111 1112"],
  ])("leaves %s alone: %s", (_what, text) => {
    const sanitiser = new Sanitiser([]);
    expect(sanitiser.sanitiseText(`see ${text}.`)).toBe(`see ${text}.`);
  });

  it("finds a phone number next to a date or a short number", () => {
    const sanitiser = new Sanitiser([]);
    expect(sanitiser.sanitiseText("Since 2025-03-01 555-123-4567 and ref 12 555-987-6543 answer.")).toBe(
      "Since 2025-03-01 «PHONE_1» and ref 12 «PHONE_2» answer.",
    );
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

  it("rewrites the text of tool results, never their type or the kinds of their parts", () => {
    // Glossary terms that are also the wrapper's discriminators.
    const sanitiser = new Sanitiser(["text", "json", "content", "Initech"]);
    const result = (toolCallId: string, output: LanguageModelV3ToolResultOutput) =>
      ({ type: "tool-result", toolCallId, toolName: "lookup", output }) as const;
    const prompt: LanguageModelV3Prompt = [
      {
        role: "tool",
        content: [
          result("1", { type: "text", value: "Initech wants the text" }),
          result("2", { type: "json", value: { client: "Initech", type: "text", tags: ["json"] } }),
          result("3", { type: "error-text", value: "Initech is down" }),
          result("4", { type: "error-json", value: { message: "Initech refused" } }),
          result("5", { type: "execution-denied", reason: "Initech said no" }),
          result("6", {
            type: "content",
            value: [
              { type: "text", text: "About Initech" },
              { type: "image-data", data: "AAAA", mediaType: "image/png" },
            ],
          }),
        ],
      },
    ];
    const [tool] = sanitiser.sanitisePrompt(prompt);
    const outputs = (tool!.content as { output: LanguageModelV3ToolResultOutput }[]).map(
      (part) => part.output,
    );
    expect(outputs).toEqual([
      { type: "text", value: "«CLIENT_1» wants the «CLIENT_2»" },
      // Inside a JSON result every string is the tool's data, keys are not.
      { type: "json", value: { client: "«CLIENT_1»", type: "«CLIENT_2»", tags: ["«CLIENT_3»"] } },
      { type: "error-text", value: "«CLIENT_1» is down" },
      { type: "error-json", value: { message: "«CLIENT_1» refused" } },
      { type: "execution-denied", reason: "«CLIENT_1» said no" },
      {
        type: "content",
        value: [
          { type: "text", text: "About «CLIENT_1»" },
          { type: "image-data", data: "AAAA", mediaType: "image/png" },
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

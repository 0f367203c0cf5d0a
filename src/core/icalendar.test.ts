import { describe, expect, it } from "vitest";
import { escapeText, foldLine, formatUtc, renderCalendar } from "./icalendar";

const octets = (line: string) => new TextEncoder().encode(line).length;

describe("iCalendar writer", () => {
  it("escapes TEXT values", () => {
    expect(escapeText("a\\b; c, d\ne\r\nf")).toBe("a\\\\b\\; c\\, d\\ne\\nf");
  });

  it("writes UTC date-times", () => {
    expect(formatUtc(new Date("2026-01-15T09:30:05.123Z"))).toBe("20260115T093005Z");
  });

  it("folds long lines at 75 octets without splitting a character", () => {
    const line = `SUMMARY:${"Überprüfung der Ziele ✓ ".repeat(8)}`;
    const folded = foldLine(line);
    const physical = folded.split("\r\n");
    expect(physical.length).toBeGreaterThan(1);
    for (const part of physical) expect(octets(part)).toBeLessThanOrEqual(75);
    expect(physical.slice(1).every((part) => part.startsWith(" "))).toBe(true);
    // Unfolding (drop CRLF + one space) restores the line exactly.
    expect(folded.replace(/\r\n /g, "")).toBe(line);
    expect(foldLine("SHORT:line")).toBe("SHORT:line");
  });

  it("renders a feed with CRLF line endings and one VEVENT per event", () => {
    const text = renderCalendar({
      productId: "-//Cairn//Goals//EN",
      name: "Goals, Pat",
      refreshMinutes: 15,
      events: [
        {
          uid: "b1@cairn",
          start: new Date("2026-01-15T09:00:00Z"),
          end: new Date("2026-01-15T10:30:00Z"),
          stamp: new Date("2026-01-10T08:00:00Z"),
          summary: "Draft survey",
          description: "Key result: NPS 30 -> 45",
          url: "https://cairn.example.com/goals?task=t1",
        },
      ],
    });
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/\n/);
    const lines = text.split("\r\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        "BEGIN:VCALENDAR",
        "X-WR-CALNAME:Goals\\, Pat",
        "REFRESH-INTERVAL;VALUE=DURATION:PT15M",
        "UID:b1@cairn",
        "DTSTART:20260115T090000Z",
        "DTEND:20260115T103000Z",
        "DTSTAMP:20260110T080000Z",
        "URL:https://cairn.example.com/goals?task=t1",
        "END:VCALENDAR",
      ]),
    );
    expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(1);
  });
});

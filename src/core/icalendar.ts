/**
 * A small iCalendar (RFC 5545) writer for subscription feeds: the VCALENDAR/VEVENT subset
 * that Outlook, Google Calendar and Apple Calendar read from a subscribed URL. Times are
 * written in UTC, so no VTIMEZONE is needed; each client shows them in its own zone.
 */

export interface CalendarEvent {
  /** Globally unique and stable across fetches, so clients update events instead of duplicating them. */
  uid: string;
  start: Date;
  end: Date;
  /** When this version of the event was produced; use the record's last change for stable output. */
  stamp: Date;
  summary: string;
  description?: string;
  url?: string;
  status?: "CONFIRMED" | "TENTATIVE" | "CANCELLED";
}

export interface CalendarFeed {
  /** PRODID, e.g. "-//Cairn//Goals//EN". */
  productId: string;
  name: string;
  description?: string;
  /** How often clients should refetch; honoured by Apple (REFRESH-INTERVAL) and Outlook (X-PUBLISHED-TTL). */
  refreshMinutes?: number;
  events: readonly CalendarEvent[];
}

/** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** DATE-TIME in UTC form: 20260115T093000Z. */
export function formatUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

const encoder = new TextEncoder();

/**
 * Folds a content line so no physical line exceeds 75 octets: continuation lines start with
 * one space. Splits fall between characters, never inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let currentBytes = 0;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    // The first line holds 75 octets; continuations hold 74 after their leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (currentBytes + bytes > limit) {
      parts.push(current);
      current = "";
      currentBytes = 0;
    }
    current += char;
    currentBytes += bytes;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

function eventLines(event: CalendarEvent): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${formatUtc(event.stamp)}`,
    `LAST-MODIFIED:${formatUtc(event.stamp)}`,
    `DTSTART:${formatUtc(event.start)}`,
    `DTEND:${formatUtc(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  // URL is a URI value, not TEXT: it is written as is.
  if (event.url) lines.push(`URL:${event.url}`);
  lines.push(`STATUS:${event.status ?? "CONFIRMED"}`, "TRANSP:OPAQUE", "END:VEVENT");
  return lines;
}

/** The whole feed as one string with CRLF line endings, ready to serve as text/calendar. */
export function renderCalendar(feed: CalendarFeed): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${feed.productId}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(feed.name)}`,
    `NAME:${escapeText(feed.name)}`,
  ];
  if (feed.description) lines.push(`X-WR-CALDESC:${escapeText(feed.description)}`);
  if (feed.refreshMinutes) {
    lines.push(
      `REFRESH-INTERVAL;VALUE=DURATION:PT${feed.refreshMinutes}M`,
      `X-PUBLISHED-TTL:PT${feed.refreshMinutes}M`,
    );
  }
  for (const event of feed.events) lines.push(...eventLines(event));
  lines.push("END:VCALENDAR");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}

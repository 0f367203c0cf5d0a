import type { Database } from "../../db";
import type { Logger } from "../../logger";
import type { Mail, Mailer } from "../../mail/mailer";
import { type ClaimedMail, claimDueMails, listRecipients, settleMail } from "./notifications.queries";

/** Mails in flight at once: a group share's go out together, and a slow server holds up only these. */
export const MAIL_CONCURRENCY = 4;
const BATCH = 20;
/** How long a sender holds a claimed mail before another sender (or a restart) may try it. */
const LEASE_MS = 10 * 60_000;
/** Waits before the 2nd to 5th attempts; after the 5th the mail is marked failed. */
export const MAIL_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const;

async function eachAtMost<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Notification mail, sent outside the request that caused it. Notifications to be mailed are
 * written `pending` in the same transaction as the notification (the outbox); after commit the
 * queue is kicked and sends in the background, a few at a time, while a scheduled job picks up
 * what a restart or a failure left behind. Failures are logged and retried with backoff; every
 * replica may drain the queue, and a claim (lease + SKIP LOCKED) keeps them from sending twice.
 */
export function createMailQueue(deps: {
  db: Database;
  mailer: Mailer;
  logger: Logger;
  /** The mail for a notification, or null if its kind is never mailed. */
  render: (row: ClaimedMail, to: { name: string; email: string }) => Mail | null;
}) {
  const { db, logger } = deps;
  let running: Promise<number> | null = null;
  let again = false;

  async function send(row: ClaimedMail, to: { name: string; email: string } | undefined, now: Date) {
    const mail = to ? deps.render(row, to) : null;
    if (!mail) return settleMail(db, row.id, { status: "skipped" });
    try {
      await deps.mailer.send(mail);
      await settleMail(db, row.id, { status: "sent", at: new Date() });
    } catch (error) {
      const delay = MAIL_RETRY_DELAYS_MS[row.mailAttempts - 1];
      logger.error(
        { err: error, notification: row.id, attempt: row.mailAttempts, will_retry: delay !== undefined },
        "could not mail a notification",
      );
      await settleMail(
        db,
        row.id,
        delay === undefined
          ? { status: "failed" }
          : { status: "retry", nextAt: new Date(now.getTime() + delay) },
      );
    }
  }

  async function sendDue(now: Date): Promise<number> {
    const claimed = await claimDueMails(db, {
      now,
      leaseUntil: new Date(now.getTime() + LEASE_MS),
      limit: BATCH,
    });
    if (claimed.length === 0) return 0;
    const recipients = new Map(
      (await listRecipients(db, [...new Set(claimed.map((row) => row.recipientId))])).map((user) => [
        user.id,
        user,
      ]),
    );
    await eachAtMost(claimed, MAIL_CONCURRENCY, (row) => send(row, recipients.get(row.recipientId), now));
    return claimed.length;
  }

  /** One pass at a time per process; a kick during a pass runs another after it. */
  function run(now?: Date): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let handled = 0;
      try {
        do {
          again = false;
          for (
            let batch = await sendDue(now ?? new Date());
            batch > 0;
            batch = await sendDue(now ?? new Date())
          )
            handled += batch;
        } while (again);
      } catch (error) {
        logger.error({ err: error }, "the notification mail queue stopped early; the next run resumes it");
      } finally {
        running = null;
      }
      return handled;
    })();
    return running;
  }

  return {
    /** Starts sending what is due, without waiting: called after a transaction with new mail commits. */
    kick(): void {
      void run();
    },
    /** Sends everything due at `now` and resolves with how many mails were handled (the job; tests). */
    async drain(now?: Date): Promise<number> {
      while (running) await running;
      return run(now);
    },
  };
}

export type MailQueue = ReturnType<typeof createMailQueue>;

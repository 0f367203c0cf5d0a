import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Logger } from "../logger";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** "smtp" delivers; "outbox" writes each mail to DATA_DIR/outbox and the log instead. */
  readonly transport: "smtp" | "outbox";
  readonly outboxDir: string | null;
  send(mail: Mail): Promise<void>;
}

/**
 * Without SMTP_URL a fresh install still needs its verification and reset links: they go to
 * the log and to DATA_DIR/outbox as .eml-like JSON files, and the UI says so.
 */
export function createMailer(options: {
  smtpUrl?: string;
  from: string;
  dataDir: string;
  logger: Logger;
}): Mailer {
  if (options.smtpUrl) {
    const transporter = nodemailer.createTransport(options.smtpUrl);
    return {
      transport: "smtp",
      outboxDir: null,
      async send(mail) {
        await transporter.sendMail({ from: options.from, ...mail });
        options.logger.info({ to: mail.to, subject: mail.subject }, "mail sent");
      },
    };
  }
  const outboxDir = path.join(options.dataDir, "outbox");
  return {
    transport: "outbox",
    outboxDir,
    async send(mail) {
      mkdirSync(outboxDir, { recursive: true });
      const file = path.join(
        outboxDir,
        `${new Date().toISOString().replace(/[:.]/g, "-")}-${crypto.randomUUID()}.json`,
      );
      writeFileSync(
        file,
        `${JSON.stringify({ from: options.from, ...mail, date: new Date().toISOString() }, null, 2)}\n`,
      );
      options.logger.info(
        { to: mail.to, subject: mail.subject, text: mail.text, file },
        "mail written to outbox (SMTP_URL is not set)",
      );
    },
  };
}

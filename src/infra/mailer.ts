import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export type OutgoingMail = { to: string; subject: string; text: string };
export type Mailer = { send(message: OutgoingMail): Promise<void> };

/**
 * SMTP when a URL is configured; otherwise each message is written as an
 * .eml file under the data directory, so development and demonstrations
 * never send real mail.
 */
export function createMailer(options: { from: string; smtpUrl: string | null; mailDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return { send: async (message) => void (await transport.sendMail({ from: options.from, ...message })) };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  mkdirSync(options.mailDir, { recursive: true });
  let counter = 0;
  return {
    async send(message) {
      const info = await transport.sendMail({ from: options.from, ...message });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${counter++}.eml`;
      await writeFile(path.join(options.mailDir, name), info.message as Buffer);
    },
  };
}

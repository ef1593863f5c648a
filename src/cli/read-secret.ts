import { createInterface } from 'node:readline/promises';

/**
 * A password for a command: from REDRESS_PASSWORD when scripted, otherwise
 * typed at the terminal without being echoed.
 */
export async function readSecret(prompt: string): Promise<string> {
  const fromEnv = process.env.REDRESS_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new Error('No terminal to read the password from: set REDRESS_PASSWORD.');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (text: string) => void };
  const write = output._writeToOutput.bind(rl);
  output._writeToOutput = (text) => write(text.startsWith(prompt) ? text : '');
  try {
    return await rl.question(prompt);
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

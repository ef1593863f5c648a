/**
 * Anonymous complainants follow their case with a 16-digit receipt code,
 * shown once, in four groups of four so it can be written down or hidden in a
 * phone book. Randomness is passed in.
 */
export const RECEIPT_DIGITS = 16;

/** Turns random bytes into 16 decimal digits without modulo bias (rejection sampling per byte). */
export function receiptCodeFromRandom(nextByte: () => number): string {
  let digits = '';
  while (digits.length < RECEIPT_DIGITS) {
    const byte = nextByte();
    if (byte < 250) digits += String(byte % 10);
  }
  return digits;
}

export function formatReceiptCode(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Accepts the code however it was copied (spaces, dashes) and returns the 16 digits, or null. */
export function normaliseReceiptCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{16}$/.test(digits) ? digits : null;
}

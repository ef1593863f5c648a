import { describe, expect, it } from 'vitest';
import { formatReceiptCode, normaliseReceiptCode, RECEIPT_DIGITS, receiptCodeFromRandom } from './receipt-code.js';

/** A byte source that hands out the given bytes in order and counts how many were taken. */
function bytesFrom(values: number[]) {
  let taken = 0;
  return {
    next: () => {
      const value = values[taken];
      if (value === undefined) throw new Error('ran out of bytes');
      taken += 1;
      return value;
    },
    taken: () => taken,
  };
}

describe('receiptCodeFromRandom', () => {
  it('makes 16 decimal digits, one per usable byte', () => {
    const source = bytesFrom(Array.from({ length: 16 }, (_, index) => index));
    expect(receiptCodeFromRandom(source.next)).toBe('0123456789012345');
    expect(source.taken()).toBe(16);
    expect(RECEIPT_DIGITS).toBe(16);
  });

  it('rejects bytes 250 to 255, which would make the digits 0 to 5 more likely, and draws again', () => {
    const source = bytesFrom([250, 251, 252, 253, 254, 255, ...Array.from({ length: 16 }, () => 7)]);
    expect(receiptCodeFromRandom(source.next)).toBe('7777777777777777');
    expect(source.taken()).toBe(22);
  });

  it('accepts 249, the last byte of the unbiased range', () => {
    const source = bytesFrom([249, 255, 240, ...Array.from({ length: 14 }, () => 0)]);
    expect(receiptCodeFromRandom(source.next)).toBe('9000000000000000');
  });

  it('gives every digit the same chance: of the 256 byte values, 25 give each digit and the other 6 are rejected', () => {
    const counts: number[] = Array.from({ length: 10 }, () => 0);
    let rejected = 0;
    for (let byte = 0; byte < 256; byte++) {
      const source = bytesFrom([byte, ...Array.from({ length: 16 }, () => 1)]);
      const code = receiptCodeFromRandom(source.next);
      if (source.taken() === 17) rejected += 1;
      else counts[Number(code[0])]! += 1;
    }
    expect(counts).toEqual(Array.from({ length: 10 }, () => 25));
    expect(rejected).toBe(6);
  });
});

describe('formatReceiptCode', () => {
  it('writes the code in four groups of four', () => {
    expect(formatReceiptCode('1234567890123456')).toBe('1234 5678 9012 3456');
  });
});

describe('normaliseReceiptCode', () => {
  it.each([
    ['1234 5678 9012 3456'],
    ['1234-5678-9012-3456'],
    ['1234567890123456'],
    ['  1234 - 5678\t9012\n3456  '],
    ['12 34 56 78 90 12 34 56'],
  ])('accepts %j however it was copied', (input) => {
    expect(normaliseReceiptCode(input)).toBe('1234567890123456');
  });

  it.each([
    ['', 'empty'],
    ['1234 5678 9012 345', '15 digits'],
    ['1234 5678 9012 34567', '17 digits'],
    ['1234 5678 9012 345O', 'a letter O for a zero'],
    ['1234.5678.9012.3456', 'dots'],
    ['１２３４５６７８９０１２３４５６', 'full-width digits'],
  ])('returns null for %j (%s)', (input) => {
    expect(normaliseReceiptCode(input)).toBeNull();
  });

  it('reads back what formatReceiptCode wrote', () => {
    const code = receiptCodeFromRandom(bytesFrom([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 11, 22, 33, 44, 55, 66]).next);
    expect(normaliseReceiptCode(formatReceiptCode(code))).toBe(code);
  });
});

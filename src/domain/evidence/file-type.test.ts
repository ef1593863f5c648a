import { describe, expect, it } from 'vitest';
import { ACCEPTED_MEDIA_TYPES, cleanFilename, detectMediaType } from './file-type.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

describe('detectMediaType', () => {
  it.each<[string, Uint8Array, string]>([
    ['a PDF', text('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'), 'application/pdf'],
    ['a PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52), 'image/png'],
    ['a JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00), 'image/jpeg'],
    ['a GIF87a', concat(text('GIF87a'), bytes(0x01, 0x00, 0x01, 0x00)), 'image/gif'],
    ['a GIF89a', concat(text('GIF89a'), bytes(0x01, 0x00, 0x01, 0x00)), 'image/gif'],
    ['a WebP', concat(text('RIFF'), bytes(0x24, 0x00, 0x00, 0x00), text('WEBPVP8 ')), 'image/webp'],
    ['ASCII text', text('The message said: meet me outside.'), 'text/plain'],
    ['UTF-8 text with accents and emoji', text('Réunion à 19h — “message” 👀\n'), 'text/plain'],
    ['UTF-8 text with a byte-order mark', concat(bytes(0xef, 0xbb, 0xbf), text('hello')), 'text/plain'],
  ])('recognises %s', (_, content, mediaType) => {
    expect(detectMediaType(content)).toBe(mediaType);
  });

  it.each<[string, Uint8Array]>([
    ['a Windows executable (MZ header)', bytes(0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00)],
    ['an ELF executable', bytes(0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00)],
    ['a zip archive', concat(text('PK'), bytes(0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00))],
    ['an empty zip archive', concat(text('PK'), bytes(0x05, 0x06), new Uint8Array(18))],
    ['text with a NUL byte', concat(text('looks like text'), bytes(0x00), text('but is not'))],
    ['UTF-16 text', bytes(0xff, 0xfe, 0x68, 0x00, 0x69, 0x00)],
    ['invalid UTF-8', bytes(0x68, 0x69, 0xc3, 0x28)],
    ['a lone continuation byte', bytes(0x80)],
    ['a RIFF file that is not WebP (WAV)', concat(text('RIFF'), bytes(0x24, 0x08, 0x00, 0x00), text('WAVEfmt '))],
    ['a truncated PNG signature', bytes(0x89, 0x50, 0x4e, 0x47)],
    ['an empty file', new Uint8Array(0)],
  ])('refuses %s', (_, content) => {
    expect(detectMediaType(content)).toBeNull();
  });

  it('only ever answers with an accepted type', () => {
    expect(ACCEPTED_MEDIA_TYPES).toContain(detectMediaType(text('x')));
  });
});

describe('cleanFilename', () => {
  it('keeps an ordinary name as it is', () => {
    expect(cleanFilename('screenshot 2026-03-01.png')).toBe('screenshot 2026-03-01.png');
    expect(cleanFilename('rapport été.pdf')).toBe('rapport été.pdf');
  });

  it('strips POSIX and Windows paths', () => {
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('C:\\Users\\ruth\\Desktop\\evidence.pdf')).toBe('evidence.pdf');
    expect(cleanFilename('..\\..\\boot.ini')).toBe('boot.ini');
    expect(cleanFilename('folder/sub\\mixed/name.txt')).toBe('name.txt');
  });

  it('replaces characters that are not letters, digits, dots, spaces, dashes or underscores', () => {
    expect(cleanFilename('my <report>.pdf')).toBe('my _report_.pdf');
    expect(cleanFilename('a\r\nb".txt')).toBe('a__b_.txt');
    expect(cleanFilename('x;rm -rf $HOME.txt')).toBe('x_rm -rf _HOME.txt');
    expect(cleanFilename('inv\u202Efdp.exe')).toBe('inv_fdp.exe');
  });

  it('removes leading dots, so no hidden file or parent directory is named', () => {
    expect(cleanFilename('.htaccess')).toBe('htaccess');
    expect(cleanFilename('...secret')).toBe('secret');
  });

  it('falls back to "evidence" when nothing is left', () => {
    expect(cleanFilename('')).toBe('evidence');
    expect(cleanFilename('..')).toBe('evidence');
    expect(cleanFilename('some/folder/')).toBe('evidence');
    expect(cleanFilename('   ')).toBe('evidence');
  });

  it('keeps at most 120 characters', () => {
    expect(cleanFilename(`${'a'.repeat(200)}.pdf`)).toBe('a'.repeat(120));
  });

  it('removes leading dots even after leading spaces', () => {
    expect(cleanFilename(' .htaccess')).toBe('htaccess');
  });

  it('never cuts a character in half, so the name is always well-formed for a download header', () => {
    const cleaned = cleanFilename(`a${'𝐀'.repeat(70)}`);
    expect(() => encodeURIComponent(cleaned)).not.toThrow();
  });
});

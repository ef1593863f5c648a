/**
 * Which uploads Redress accepts, decided from the file's own bytes: the name
 * and the type a browser claims are not trusted.
 */
export const ACCEPTED_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain', 'text/csv'] as const;
export type AcceptedMediaType = (typeof ACCEPTED_MEDIA_TYPES)[number];

/**
 * The file types one kind of upload accepts, and how to name them to the
 * person attaching a file ("a PDF, … or plain text"). With `refuseMarkup`,
 * text a browser would take for HTML or XML (SVG included) is not plain text.
 */
export type UploadKinds = { types: readonly AcceptedMediaType[]; described: string; refuseMarkup?: boolean };

/** Evidence on a case: documents, screenshots and text. */
export const CASE_EVIDENCE_KINDS: UploadKinds = {
  types: ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain'],
  described: 'a PDF, an image (PNG, JPEG, GIF, WebP) or plain text',
};

/** Documents published as evidence that a commitment's action was delivered. */
export const DELIVERY_DOCUMENT_KINDS: UploadKinds = {
  types: ['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv'],
  described: 'a PDF, a PNG or JPEG image, plain text or CSV',
  // Published for anyone to download: a web page saved as "text" is refused, not passed on.
  refuseMarkup: true,
};

/*
 * The openings by which a browser sniffs a resource as HTML, after any white
 * space (the WHATWG MIME Sniffing standard, §7.1), and XML (which covers SVG).
 */
const MARKUP_OPENINGS = ['<!doctype html', '<html', '<head', '<script', '<iframe', '<h1', '<div', '<font', '<table', '<a', '<style', '<title', '<b', '<body', '<br', '<p', '<!--'];

/** Whether text would be taken for HTML or XML by a browser that sniffs it. */
export function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, '').replace(/^[\t\n\f\r ]+/, '').toLowerCase();
  if (head.startsWith('<?xml') || head.startsWith('<svg')) return true;
  // Each HTML opening counts when a space or ">" follows it (so "<b" is not "<body" and "<apple" is not "<a").
  return MARKUP_OPENINGS.some((opening) => head.startsWith(opening) && /^[ >]/.test(head.slice(opening.length)));
}

/** The extension a download of each accepted type is saved with. */
const EXTENSIONS: Record<AcceptedMediaType, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/gif': ['.gif'],
  'image/webp': ['.webp'],
  'text/plain': ['.txt'],
  'text/csv': ['.csv'],
};

/**
 * The name to offer a download under: the file's own, with the extension of
 * its checked type added when it has another, so a text file uploaded as
 * "notice.html" is saved as "notice.html.txt" and never opened as a page.
 */
export function downloadName(filename: string, mediaType: string): string {
  const extensions = EXTENSIONS[mediaType as AcceptedMediaType];
  if (!extensions || extensions.some((extension) => filename.toLowerCase().endsWith(extension))) return filename;
  return `${filename}${extensions[0]}`;
}

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((value, index) => bytes[offset + index] === value);

const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The media type the bytes really are, or null when they are none Redress accepts. */
export function detectMediaType(bytes: Uint8Array): AcceptedMediaType | null {
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (bytes.length > 0 && isPlainText(bytes)) return 'text/plain';
  return null;
}

/**
 * The media type of an upload among those `kinds` accepts, or null. The bytes
 * decide: a signature for PDF, PNG and JPEG, valid UTF-8 without NUL for text.
 * Text and CSV cannot be told apart by their bytes, so valid text named .csv
 * is CSV where CSV is accepted (both are served as downloads, never rendered).
 * Where the kinds refuse markup, text that opens like HTML or XML is refused.
 */
export function acceptedMediaType(bytes: Uint8Array, filename: string, kinds: UploadKinds): AcceptedMediaType | null {
  const detected = detectMediaType(bytes);
  if (detected === 'text/plain' && kinds.refuseMarkup && looksLikeMarkup(bytes)) return null;
  if (detected === 'text/plain' && kinds.types.includes('text/csv') && /\.csv$/i.test(filename)) return 'text/csv';
  return detected && kinds.types.includes(detected) ? detected : null;
}

export const RECORDING_MEDIA_TYPES = ['audio/mpeg', 'audio/wav', 'audio/ogg', 'audio/mp4', 'video/mp4', 'video/webm'] as const;
export type RecordingMediaType = (typeof RECORDING_MEDIA_TYPES)[number];

/** The media type of a hearing recording, from its bytes: MP3, WAV, Ogg, MP4/M4A or WebM; null for anything else. */
export function detectRecordingType(bytes: Uint8Array): RecordingMediaType | null {
  if (startsWith(bytes, ascii('ID3')) || startsWith(bytes, [0xff, 0xfb]) || startsWith(bytes, [0xff, 0xf3]) || startsWith(bytes, [0xff, 0xf2])) return 'audio/mpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WAVE'), 8)) return 'audio/wav';
  if (startsWith(bytes, ascii('OggS'))) return 'audio/ogg';
  if (startsWith(bytes, ascii('ftyp'), 4)) return startsWith(bytes, ascii('M4A '), 8) ? 'audio/mp4' : 'video/mp4';
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
  return null;
}

/** A file name safe to show and to offer back in a download header. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Trim before removing leading dots (" .htaccess"), and cut by code point so no character is split in half.
  const cleaned = Array.from(base.replace(/[^\p{L}\p{N}._ -]/gu, '_').trim().replace(/^\.+/, ''))
    .slice(0, 120)
    .join('')
    .trim();
  return cleaned || 'evidence';
}

/** A size limit as people read it: "10 MB", "512 KB". */
export function formatByteLimit(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

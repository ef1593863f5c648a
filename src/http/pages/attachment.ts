import type { FastifyReply } from 'fastify';

/** A download header for any file name: an ASCII fallback and the exact name in RFC 5987 form. */
function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Sends a file as a download, never as a page: every download Redress offers
 * (evidence, letters and bundles, exports, statistics, published documents)
 * goes through here. Saved under its name (RFC 6266), in its media type (text
 * as UTF-8, which the upload check guarantees for uploads), with no sniffing
 * and no caching, and sandboxed should a browser open it anyway, so a file
 * can never run script on the site's origin.
 */
export function sendAttachment(reply: FastifyReply, file: { filename: string; mediaType: string; bytes: Buffer }): FastifyReply {
  return reply
    .type(file.mediaType.startsWith('text/') && !file.mediaType.includes('charset') ? `${file.mediaType}; charset=utf-8` : file.mediaType)
    .header('content-disposition', attachmentDisposition(file.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'no-store')
    .send(file.bytes);
}

import { isInlineImage } from './sniff.ts';

/**
 * The `Content-Disposition` for a file name that may be Thai: an ASCII fallback for old
 * clients and the exact name in RFC 5987 form for everyone else.
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
	const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_') || 'file';
	const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Serves a stored attachment with headers that keep it inert: the sniffed type (never the
 * uploader's), no sniffing by the browser, a sandboxing CSP with no script at all, and
 * images inline but everything else as a download.
 */
export function attachmentResponse(
	file: { bytes: Uint8Array; contentType: string; originalName: string },
	options: { download?: boolean } = {}
): Response {
	const inline = isInlineImage(file.contentType) && !options.download;
	return new Response(file.bytes as unknown as BodyInit, {
		headers: {
			'Content-Type': file.contentType,
			'Content-Length': String(file.bytes.byteLength),
			'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', file.originalName),
			'X-Content-Type-Options': 'nosniff',
			'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
			'Cross-Origin-Resource-Policy': 'same-origin',
			// Signed-in content: never in a shared cache.
			'Cache-Control': 'private, max-age=300'
		}
	});
}

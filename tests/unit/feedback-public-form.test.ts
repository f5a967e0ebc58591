import { describe, expect, it } from 'vitest';
import { parseUrlEncoded, readFormBody } from '../../src/lib/server/feedback/public-form.ts';

function formRequest(body: string | Uint8Array<ArrayBuffer>, type = 'application/x-www-form-urlencoded'): Request {
	return new Request('http://localhost/f/abcd2345', { method: 'POST', body, headers: { 'content-type': type } });
}

describe('reading the public form body', () => {
	it('decodes a form as a browser encodes it, Thai and plus signs included', () => {
		const parsed = parseUrlEncoded(new URLSearchParams([['q_a', 'บริการดี มาก'], ['q_b', '1+1=2']]).toString());
		expect([...parsed]).toEqual([['q_a', 'บริการดี มาก'], ['q_b', '1+1=2']]);
	});

	// Found by the fuzz test: URLSearchParams turned %FF into U+FFFD and the text was stored.
	it('refuses percent-encoded bytes that are not UTF-8 instead of storing replacement characters', async () => {
		expect(() => parseUrlEncoded('q_a=%FF%FE')).toThrow(URIError);
		expect(await readFormBody(formRequest('q_a=%FF%FE'))).toEqual({ ok: false, status: 400 });
		expect(await readFormBody(formRequest(new Uint8Array([0x71, 0x3d, 0xff])))).toEqual({ ok: false, status: 400 });
	});

	it('accepts only the content type a plain HTML form sends, within the size limit', async () => {
		expect(await readFormBody(formRequest('{"a":1}', 'application/json'))).toEqual({ ok: false, status: 415 });
		expect(await readFormBody(formRequest('a=1', 'multipart/form-data; boundary=x'))).toEqual({ ok: false, status: 415 });
		expect(await readFormBody(formRequest(`a=${'x'.repeat(200)}`), 100)).toEqual({ ok: false, status: 413 });
		const ok = await readFormBody(formRequest('a=1&a=2&b='));
		expect(ok.ok && ok.fields.getAll('a')).toEqual(['1', '2']);
	});
});

describe('the vocabulary pages use', () => {
	it('is the same as the server’s', async () => {
		const pages = await import('../../src/lib/components/feedback/vocabulary.ts');
		const server = await import('../../src/lib/server/feedback/model.ts');
		expect([pages.CHANNELS, pages.STAFF_CHANNELS, pages.STATUSES]).toEqual([server.CHANNELS, server.STAFF_CHANNELS, server.STATUSES]);
	});
});

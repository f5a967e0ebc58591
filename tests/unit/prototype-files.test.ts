import { describe, expect, it } from 'vitest';
import { sniffType } from '../../src/lib/server/files/sniff.ts';
import { cleanFileName, uploadLimits, ATTACHMENT_LIMITS } from '../../src/lib/server/files/attachments.ts';
import { contentDisposition } from '../../src/lib/server/files/serve.ts';
import { bangkokToday, parseCalendarDay } from '../../src/lib/server/prototypes/test-plans.ts';

const bytes = (...parts: (number[] | string)[]) =>
	new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffing a file’s type from its bytes', () => {
	it('recognises PNG, JPEG, GIF, WebP and PDF', () => {
		expect(sniffType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0]))?.mime).toBe('image/png');
		expect(sniffType(bytes([0xff, 0xd8, 0xff, 0xe0]))?.mime).toBe('image/jpeg');
		expect(sniffType(bytes('GIF89a', [1, 0]))?.mime).toBe('image/gif');
		expect(sniffType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))?.mime).toBe('image/webp');
		expect(sniffType(bytes('%PDF-1.4\n'))?.mime).toBe('application/pdf');
	});

	it('refuses executables, scripts, SVG, HTML and archives whatever they are called', () => {
		expect(sniffType(bytes('MZ', [0x90, 0]))).toBeNull();
		expect(sniffType(bytes([0x7f], 'ELF'))).toBeNull();
		expect(sniffType(bytes('#!/bin/sh\n'))).toBeNull();
		expect(sniffType(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>'))).toBeNull();
		expect(sniffType(bytes('<!doctype html>'))).toBeNull();
		expect(sniffType(bytes('PK', [3, 4]))).toBeNull();
		expect(sniffType(bytes('RIFF', [0, 0, 0, 0], 'WAVE'))).toBeNull();
		expect(sniffType(new Uint8Array())).toBeNull();
	});
});

describe('upload names and limits', () => {
	it('keeps only the last path part of an uploaded name, without control characters or quotes', () => {
		expect(cleanFileName('C:\\\\Users\\\\x\\\\ภาพ "ร่าง".png')).toBe('ภาพ ร่าง.png');
		expect(cleanFileName('../../etc/passwd')).toBe('passwd');
		expect(cleanFileName('a\u0000b\nc.pdf')).toBe('abc.pdf');
		expect(cleanFileName('')).toBe('file');
	});

	it('never promises more than the server reads in one request', () => {
		expect(uploadLimits(undefined).maxBytes).toBe(512 * 1024 - 64 * 1024);
		expect(uploadLimits('4M').maxBytes).toBe(4 * 1024 * 1024 - 64 * 1024);
		expect(uploadLimits('50M').maxBytes).toBe(ATTACHMENT_LIMITS.maxBytes);
		expect(uploadLimits('Infinity').maxBytes).toBe(ATTACHMENT_LIMITS.maxBytes);
	});

	it('offers a Thai file name in RFC 5987 form with an ASCII fallback', () => {
		expect(contentDisposition('attachment', 'แผน (ร่าง).pdf')).toBe(
			`attachment; filename="___ (____).pdf"; filename*=UTF-8''%E0%B9%81%E0%B8%9C%E0%B8%99%20%28%E0%B8%A3%E0%B9%88%E0%B8%B2%E0%B8%87%29.pdf`
		);
	});
});

describe('calendar days', () => {
	it('accepts real days only', () => {
		expect(parseCalendarDay('2026-02-28')).toBe('2026-02-28');
		expect(parseCalendarDay('2028-02-29')).toBe('2028-02-29');
		expect(parseCalendarDay('2026-02-29')).toBeNull();
		expect(parseCalendarDay('2026-13-01')).toBeNull();
		expect(parseCalendarDay('1/6/2026')).toBeNull();
		expect(parseCalendarDay(20260601)).toBeNull();
	});

	it('knows today in Bangkok, seven hours ahead of UTC', () => {
		expect(bangkokToday(Date.UTC(2026, 5, 7, 16, 59))).toBe('2026-06-07');
		expect(bangkokToday(Date.UTC(2026, 5, 7, 17, 0))).toBe('2026-06-08');
	});
});

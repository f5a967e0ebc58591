import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { layoutPoster, renderPosterPdf, renderPosterPng, type PosterContent } from '../../src/lib/server/feedback/poster/poster.ts';
import { wrapText } from '../../src/lib/server/feedback/poster/text-layout.ts';

const content: PosterContent = {
	brand: 'ประชาแล็บ · Prachalab',
	headline: 'ช่วยเราปรับปรุงบริการนี้',
	headlineSecond: 'Help us improve this service',
	title: 'บัตรคิวล่วงหน้าทางโทรศัพท์สำหรับผู้สูงอายุที่สำนักงานเขตบางกอกน้อย รุ่นที่ 2',
	titleSecond: 'Phone booking for older people, version 2',
	scanLine: 'สแกนคิวอาร์โค้ด หรือพิมพ์ลิงก์นี้',
	qrUrl: 'https://prachalab.example.go.th/f/k3m9p2xa?via=qr',
	shortLink: 'prachalab.example.go.th/f/k3m9p2xa',
	details: ['ไม่ต้องสมัครสมาชิก ไม่ต้องใส่ชื่อ เปิดรับถึง 30 พ.ย. 2569'],
	footer: 'สำนักงานเขตบางกอกน้อย · ความคิดเห็นของท่านใช้เพื่อปรับปรุงบริการนี้เท่านั้น',
	documentTitle: 'โปสเตอร์'
};

describe('the round poster', () => {
	it('wraps Thai at word boundaries, never inside a word', () => {
		const lines = wrapText('การออกแบบบริการภาครัฐร่วมกับประชาชน', { size: 20, weight: 'regular', maxWidth: 120 });
		expect(lines.length).toBeGreaterThan(1);
		const texts = lines.map((l) => l.runs.map((r) => r.text).join(''));
		expect(texts.join('')).toBe('การออกแบบบริการภาครัฐร่วมกับประชาชน');
		for (const t of texts) expect(['การ', 'ออกแบบ', 'บริการ', 'ภาค', 'รัฐ', 'ร่วม', 'กับ', 'ประชาชน'].some((w) => t.startsWith(w))).toBe(true);
		for (const line of lines) expect(line.width).toBeLessThanOrEqual(120);
	});

	it('keeps everything on one A4 page', () => {
		const layout = layoutPoster(content);
		for (const item of layout.items) {
			if (item.kind === 'text') expect(item.baseline).toBeLessThan(layout.height);
			if (item.kind === 'qr') expect(item.y + item.size).toBeLessThan(layout.height);
		}
	});

	it('is a one-page PDF with the Thai font embedded', async () => {
		const pdf = await renderPosterPdf(content);
		const text = pdf.toString('latin1');
		expect(text.startsWith('%PDF-')).toBe(true);
		expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
		expect(text).toMatch(/\/FontFile2/);
		expect(text).toMatch(/Sarabun/);
	});

	it('is a PNG whose QR code opens the round through the QR channel', () => {
		const png = PNG.sync.read(renderPosterPng(content));
		expect([png.width, png.height]).toEqual([1240, 1754]);
		const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
		expect(code?.data).toBe('https://prachalab.example.go.th/f/k3m9p2xa?via=qr');
	});
});

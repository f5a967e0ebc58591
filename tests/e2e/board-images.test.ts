import { PNG } from 'pngjs';
import type { Page } from '@playwright/test';
import { test, expect, DEMO, expectNoSeriousA11yViolations, screenshot, uniqueTitle } from './fixtures';
import { connected, openBoard, pageAs, projectWithTeam } from './board-helpers';

/**
 * Images on the board (issue 10): a photo pasted and one dropped on the canvas reach a second
 * person live; one is described; a member on a phone picks a photo with the camera's file input;
 * a viewer sees the photos and has no way to add one.
 */

/** A PNG of one colour with a darker band, so it is plainly a picture in the screenshots. */
function photo(width: number, height: number, rgb: [number, number, number]): string {
	const image = new PNG({ width, height });
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const band = y > height * 0.4 && y < height * 0.6 ? 0.6 : 1;
			image.data.set([Math.round(rgb[0] * band), Math.round(rgb[1] * band), Math.round(rgb[2] * band), 255], (y * width + x) * 4);
		}
	}
	return PNG.sync.write(image).toString('base64');
}

/** Pastes an image file while the canvas has focus, as Ctrl+V of a screenshot does. */
async function pasteImage(page: Page, base64: string, name: string) {
	await page.getByRole('region', { name: /กระดาน|Board canvas/ }).focus();
	await page.evaluate(
		({ base64, name }) => {
			const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
			const data = new DataTransfer();
			data.items.add(new File([bytes], name, { type: 'image/png' }));
			document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
		},
		{ base64, name }
	);
}

/** Drops an image file on the canvas at a point of the screen. */
async function dropImage(page: Page, base64: string, name: string, at: { x: number; y: number }) {
	const data = await page.evaluateHandle(
		({ base64, name }) => {
			const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
			const transfer = new DataTransfer();
			transfer.items.add(new File([bytes], name, { type: 'image/png' }));
			return transfer;
		},
		{ base64, name }
	);
	const canvas = page.getByRole('region', { name: /กระดาน|Board canvas/ });
	await canvas.dispatchEvent('dragover', { dataTransfer: data, clientX: at.x, clientY: at.y });
	await canvas.dispatchEvent('drop', { dataTransfer: data, clientX: at.x, clientY: at.y });
}

const images = (page: Page) => page.locator('[data-image-id]');

/** Every image on the page has loaded its file (the browser drew it). */
async function allLoaded(page: Page, count: number) {
	await expect(images(page)).toHaveCount(count);
	await expect
		.poll(() => page.locator('[data-image-id] img').evaluateAll((els) => els.filter((el) => (el as HTMLImageElement).naturalWidth > 0).length))
		.toBe(count);
}

test('images: pasted and dropped live, described, picked on a phone, and read-only for a viewer', async ({ browser }, testInfo) => {
	// Four browsers on a shared 2-core machine: over three minutes when it is busy.
	test.setTimeout(360_000);
	const facilitator = await pageAs(browser, 'facilitator', { viewport: { width: 1280, height: 800 } });
	const project = await projectWithTeam(facilitator, uniqueTitle('รูปบนบอร์ด'));
	await facilitator.goto(`${project}/team`, { waitUntil: 'networkidle' });
	await facilitator.getByLabel('อีเมล').fill(DEMO.official.email);
	await facilitator.getByLabel('บทบาท', { exact: true }).selectOption('viewer');
	await facilitator.getByRole('button', { name: 'เพิ่มในทีม' }).click();
	await expect(facilitator.getByRole('status')).toHaveText('เพิ่มในทีมแล้ว');
	const board = await openBoard(facilitator, project, 'เข้าใจปัญหา');

	// The member watches on a desktop of their own.
	const member = await pageAs(browser, 'member', { viewport: { width: 1280, height: 800 } });
	await member.goto(`${board}?view=canvas`);
	await connected(member);

	// A screenshot of a paper wall pasted with the canvas focused.
	await pasteImage(facilitator, photo(240, 160, [214, 120, 60]), 'wall.png');
	await allLoaded(facilitator, 1);
	await allLoaded(member, 1);

	// A photo dropped on the canvas lands where it was dropped.
	await dropImage(facilitator, photo(160, 200, [60, 130, 200]), 'site.png', { x: 300, y: 500 });
	await allLoaded(member, 2);
	const dropped = facilitator.locator('[data-image-id]').nth(1);
	const box = (await dropped.boundingBox())!;
	expect(Math.abs(box.x + box.width / 2 - 300)).toBeLessThan(40);
	expect(Math.abs(box.y + box.height / 2 - 500)).toBeLessThan(40);

	// Described from the keyboard: the member's page reads the new description.
	await dropped.focus();
	await expect(facilitator.getByRole('button', { name: /^คำอธิบาย: รูป/ })).toBeVisible();
	await facilitator.keyboard.press('Enter');
	const dialog = facilitator.getByRole('dialog', { name: 'อธิบายรูปนี้' });
	await dialog.getByLabel(/รูปนี้แสดงอะไร/).fill('จุดบริการหน้าสำนักงานเขต');
	await dialog.getByRole('button', { name: 'บันทึก' }).click();
	await expect(member.getByRole('img', { name: 'จุดบริการหน้าสำนักงานเขต' })).toBeVisible();
	// Moved with the arrow keys, as notes are.
	const before = (await member.getByRole('img', { name: 'จุดบริการหน้าสำนักงานเขต' }).boundingBox())!;
	await dropped.focus();
	await facilitator.keyboard.press('Shift+ArrowRight');
	await expect.poll(async () => (await member.getByRole('img', { name: 'จุดบริการหน้าสำนักงานเขต' }).boundingBox())!.x).toBeGreaterThan(before.x + 2);
	// Selected with the mouse: its buttons show above it, at a size usable at any zoom.
	await dropped.click();
	await expect(dropped).toBeFocused();
	const remove = facilitator.getByRole('button', { name: /^เอาออก: รูป/ });
	await expect(remove).toBeVisible();
	expect((await remove.boundingBox())!.height).toBeGreaterThanOrEqual(24);
	await screenshot(facilitator, testInfo, 'images-desktop');
	await expectNoSeriousA11yViolations(facilitator);

	// On a phone, the member takes a photo with the file input the "add image" button opens.
	const phone = await pageAs(browser, 'member', { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
	await phone.goto(`${board}?view=canvas`);
	await connected(phone);
	const add = phone.getByRole('button', { name: 'เพิ่มรูป' });
	await expect(add).toBeVisible();
	const size = (await add.boundingBox())!;
	expect(size.height).toBeGreaterThanOrEqual(44);
	const chooser = phone.waitForEvent('filechooser');
	await add.click();
	await (await chooser).setFiles({ name: 'IMG_2031.png', mimeType: 'image/png', buffer: Buffer.from(photo(300, 400, [90, 160, 90]), 'base64') });
	await allLoaded(phone, 3);
	await allLoaded(facilitator, 3);
	await screenshot(phone, testInfo, 'images-phone');
	await expectNoSeriousA11yViolations(phone);

	// A viewer sees the photos and has no way to add one.
	const official = await pageAs(browser, 'official', { viewport: { width: 1280, height: 800 } });
	await official.goto(`${board}?view=canvas`);
	await connected(official);
	await allLoaded(official, 3);
	await expect(official.getByRole('button', { name: 'เพิ่มรูป' })).toHaveCount(0);
	await expect(official.locator('[data-board-image-input]')).toHaveCount(0);
	await expect(official.getByRole('button', { name: /^เอาออก: รูป/ })).toHaveCount(0);
	await expectNoSeriousA11yViolations(official);
});

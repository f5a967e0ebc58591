import type { CDPSession, Page } from '@playwright/test';
import { test, expect, uniqueTitle } from './fixtures';
import { connected, note, openBoard, pageAs, projectWithTeam } from './board-helpers';

/**
 * Thai typed through an input method, the way Chromium receives it from one: composition
 * updates (`Input.imeSetComposition`, what the IME shows underlined while the word is being
 * built) and then the committed text (`Input.insertText`). An Enter pressed while a word is
 * still being composed picks the IME's candidate; it must not finish the note or save the form.
 */
class ThaiIme {
	readonly #cdp: CDPSession;
	readonly #page: Page;

	private constructor(page: Page, cdp: CDPSession) {
		this.#page = page;
		this.#cdp = cdp;
	}

	static async attach(page: Page): Promise<ThaiIme> {
		return new ThaiIme(page, await page.context().newCDPSession(page));
	}

	/** Builds `word` up character by character as an IME shows it, leaving it uncommitted. */
	async compose(word: string): Promise<void> {
		const chars = [...word];
		for (let i = 1; i <= chars.length; i++) {
			const text = chars.slice(0, i).join('');
			await this.#cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
		}
	}

	/** Commits `text` in place of the composition (what choosing the candidate does). */
	async commit(text: string): Promise<void> {
		await this.#cdp.send('Input.insertText', { text });
	}

	/** Presses Enter while the composition is still open: the IME's own key. */
	async enterWhileComposing(): Promise<void> {
		await this.#page.keyboard.press('Enter');
	}
}

// "Elderly people queue from 5 am" — tone marks, above/below vowels and a leading vowel, each
// composed as one word: what breaks first when composition handling goes wrong.
const WORDS = ['ผู้สูงอายุ', 'ต้อง', 'มาต่อคิว', 'ตั้งแต่ตีห้า'];
const SENTENCE = WORDS.join('');

test('Thai composed through an IME lands intact in a note on the canvas, and a second person sees it', async ({ browser }) => {
	const facilitator = await pageAs(browser, 'facilitator');
	const member = await pageAs(browser, 'member');
	const project = await projectWithTeam(facilitator, uniqueTitle('ไอเอ็มอี'));
	const board = await openBoard(facilitator, project, 'เข้าใจปัญหา');
	await member.goto(board);
	await connected(member);

	await facilitator.getByRole('button', { name: 'เพิ่มโน้ต' }).click();
	const editor = facilitator.getByLabel('ข้อความโน้ต');
	await expect(editor).toBeFocused();
	// The one editor this note opened: if an Enter finished the note, it is gone for good.
	const opened = (await editor.elementHandle())!;
	const stillEditing = () => opened.evaluate((el) => el.isConnected && document.activeElement === el);
	const ime = await ThaiIme.attach(facilitator);
	let typed = '';
	for (const word of WORDS) {
		await ime.compose(word);
		await ime.enterWhileComposing();
		expect(await stillEditing(), `Enter while composing "${word}" finished the note`).toBe(true);
		await expect(editor).toHaveValue(typed + word);
		await ime.commit(word);
		typed += word;
	}
	await expect(editor).toHaveValue(SENTENCE);
	expect(await stillEditing()).toBe(true);
	await facilitator.keyboard.press('Enter');
	await expect(editor).toHaveCount(0);
	await expect(note(facilitator, SENTENCE)).toHaveCount(1);
	await expect(note(member, SENTENCE)).toBeVisible();
	expect(await note(member, SENTENCE).locator('.text').textContent()).toBe(SENTENCE);
});

test('Thai composed through an IME lands intact from the list view, adding and editing, and a second person sees it', async ({ browser }) => {
	const facilitator = await pageAs(browser, 'facilitator');
	const member = await pageAs(browser, 'member');
	const project = await projectWithTeam(facilitator, uniqueTitle('ไอเอ็มอีรายการ'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	await member.goto(`${board}?view=list`);
	await connected(member);
	await facilitator.goto(`${board}?view=list`);
	await connected(facilitator);
	const ime = await ThaiIme.attach(facilitator);
	const hmw = (page: Page) => page.getByRole('region', { name: /เราจะ…ได้อย่างไร/ });

	// Adding: Ctrl+Enter sends the form, but not while a word is still being composed.
	const add = facilitator.getByLabel('เพิ่มโน้ตใน เราจะ…ได้อย่างไร');
	await add.focus();
	for (const word of WORDS) {
		await ime.compose(word);
		await facilitator.keyboard.press('ControlOrMeta+Enter');
		await ime.commit(word);
	}
	await expect(add).toHaveValue(SENTENCE);
	await expect(hmw(facilitator).getByRole('listitem')).toHaveCount(0);
	await facilitator.keyboard.press('ControlOrMeta+Enter');
	await expect(hmw(facilitator).getByText(SENTENCE, { exact: true })).toBeVisible();
	await expect(hmw(member).getByText(SENTENCE, { exact: true })).toBeVisible();

	// Editing: the text gains a composed word at its end, with an Enter inside the composition.
	await facilitator.getByRole('button', { name: `แก้ไข: ${SENTENCE}` }).click();
	const editor = facilitator.getByLabel('ข้อความโน้ต');
	await expect(editor).toBeFocused();
	await editor.press('End');
	await ime.compose('เสมอ');
	await ime.enterWhileComposing();
	await ime.commit('เสมอ');
	await expect(editor).toHaveValue(`${SENTENCE}เสมอ`);
	await facilitator.getByRole('button', { name: 'บันทึก' }).click();
	await expect(hmw(facilitator).getByText(`${SENTENCE}เสมอ`, { exact: true })).toBeVisible();
	await expect(hmw(member).getByText(`${SENTENCE}เสมอ`, { exact: true })).toBeVisible();
});

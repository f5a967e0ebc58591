import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, listNotes, listSections, findSectionByKey } from '../../src/lib/board/notes.ts';
import { seedBoardTemplate } from '../../src/lib/board/templates.ts';
import { composePublication, textDigest, type Approval, type FeedbackFacts } from '../../src/lib/server/publication/snapshot.ts';

function testBoard() {
	const doc = new Y.Doc();
	seedBoardTemplate(doc, 'test');
	const worked = findSectionByKey(doc, 'test_worked')!.id;
	const feedback = findSectionByKey(doc, 'feedback')!.id;
	const team = addNote(doc, { text: 'ป้ายบอกเวลารอช่วยได้มาก', section: worked, author: 'user-somchai' });
	const loose = addNote(doc, { text: 'โน้ตลอยนอกส่วน', x: 5000, y: 0, author: 'user-somchai' });
	const citizen = addNote(doc, {
		text: 'รอนานมาก ฉันชื่อสมศรี บ้านเลขที่ 99/1',
		section: feedback,
		author: 'ประชาชน (เว็บ)',
		source: { kind: 'feedback', id: 'resp-1' }
	});
	const read = () => ({ notes: listNotes(doc), sections: listSections(doc) });
	return { doc, worked, feedback, team, loose, citizen, read };
}

const facts = (over: Partial<FeedbackFacts> = {}): FeedbackFacts => ({
	links: new Map(),
	statuses: new Map([['resp-1', 'published']]),
	approvals: new Map(),
	...over
});

const approvalsFor = (noteId: string, text: string, responseId = 'resp-1') =>
	new Map<string, Map<string, Approval>>([[noteId, new Map([[textDigest(text), { responseId, text }]])]]);

describe('composing a publication', () => {
	it('publishes only the chosen sections and counts the rest as outside', () => {
		const b = testBoard();
		const out = composePublication(b.read(), { scope: 'sections', sections: [b.worked] }, facts());
		expect(out.view.sections.map((s) => s.id)).toEqual([b.worked]);
		expect(out.view.notes.map((n) => n.id)).toEqual([b.team]);
		expect(out.outside).toBe(2);
		expect(out.withheld).toEqual([]);
	});

	it('never carries an author, a time or a source', () => {
		const b = testBoard();
		const out = composePublication(b.read(), { scope: 'board' }, facts());
		const text = JSON.stringify(out);
		expect(text).not.toContain('user-somchai');
		expect(text).not.toContain('ประชาชน (เว็บ)');
		expect(Object.keys(out.view.notes[0]!).sort()).toEqual(['color', 'fromFeedback', 'h', 'id', 'section', 'text', 'w', 'x', 'y']);
	});

	it("withholds a citizen's note that nobody approved, with the reason, and keeps loose notes of a whole board", () => {
		const b = testBoard();
		const out = composePublication(b.read(), { scope: 'board' }, facts());
		expect(out.view.notes.map((n) => n.id).sort()).toEqual([b.team, b.loose].sort());
		expect(out.withheld).toEqual([expect.objectContaining({ id: b.citizen, reason: 'feedback_not_approved', approvable: true })]);
		expect(JSON.stringify(out.view)).not.toContain('สมศรี');
		expect(JSON.stringify(out.stored)).not.toContain('สมศรี');
	});

	it('publishes approved wording by reference only, so the stored snapshot holds no citizen text', () => {
		const b = testBoard();
		const text = 'รอนานมาก ฉันชื่อสมศรี บ้านเลขที่ 99/1';
		const out = composePublication(b.read(), { scope: 'sections', sections: [b.feedback] }, facts({ approvals: approvalsFor(b.citizen, text) }));
		expect(out.view.notes).toEqual([expect.objectContaining({ id: b.citizen, text, fromFeedback: true })]);
		expect(JSON.stringify(out.stored)).not.toContain('สมศรี');
		expect(out.stored.notes[0]).toMatchObject({ approved: { digest: textDigest(text), response: 'resp-1' } });
	});

	it('withholds a note whose text changed after its approval', () => {
		const b = testBoard();
		const out = composePublication(b.read(), { scope: 'board' }, facts({ approvals: approvalsFor(b.citizen, 'ข้อความเดิมก่อนแก้') }));
		expect(out.withheld).toEqual([expect.objectContaining({ id: b.citizen, reason: 'feedback_changed' })]);
	});

	it('withholds hidden, spam and unknown responses even when a wording was approved', () => {
		const b = testBoard();
		const text = 'รอนานมาก ฉันชื่อสมศรี บ้านเลขที่ 99/1';
		for (const statuses of [new Map([['resp-1', 'hidden']]), new Map([['resp-1', 'spam']]), new Map<string, string>()]) {
			const out = composePublication(b.read(), { scope: 'board' }, facts({ statuses, approvals: approvalsFor(b.citizen, text) }));
			expect(out.withheld).toEqual([expect.objectContaining({ id: b.citizen, reason: 'feedback_hidden', approvable: false })]);
		}
	});

	it("treats a note the server linked to a response as citizens' words even without a source", () => {
		const b = testBoard();
		const out = composePublication(b.read(), { scope: 'board' }, facts({ links: new Map([[b.team, 'resp-1']]) }));
		expect(out.withheld.map((w) => w.id).sort()).toEqual([b.team, b.citizen].sort());
	});

	it('masks what looks like personal data in published text and section titles', () => {
		const doc = new Y.Doc();
		seedBoardTemplate(doc, 'empathize');
		const personas = findSectionByKey(doc, 'personas')!.id;
		addNote(doc, { text: 'โทร 081-234-5678 หรือ somchai@example.test', section: personas, author: 'u' });
		const out = composePublication({ notes: listNotes(doc), sections: listSections(doc) }, { scope: 'sections', sections: [personas] }, facts());
		expect(out.view.notes[0]!.text).not.toContain('081-234-5678');
		expect(out.view.notes[0]!.text).not.toContain('somchai@example.test');
	});

	it('gives the same digest for the same view and another one when a note changes', () => {
		const b = testBoard();
		const first = composePublication(b.read(), { scope: 'board' }, facts());
		expect(composePublication(b.read(), { scope: 'board' }, facts()).digest).toBe(first.digest);
		addNote(b.doc, { text: 'โน้ตใหม่', section: b.worked, author: 'u' });
		expect(composePublication(b.read(), { scope: 'board' }, facts()).digest).not.toBe(first.digest);
	});
});

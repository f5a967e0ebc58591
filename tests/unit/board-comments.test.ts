import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addComment,
	boardRoots,
	commentCounts,
	commentTextProblem,
	deleteComment,
	editComment,
	foldCommentOps,
	guestsMayComment,
	MAX_COMMENT_TEXT,
	mentionedIds,
	mentionsOf,
	parseReactionKey,
	renameCommentPeople,
	renameReactors,
	reactionChips,
	reactionKey,
	readComments,
	readReactions,
	setGuestsMayComment,
	threadsOf,
	toggleReaction
} from '../../src/lib/board/index.ts';

describe('comments', () => {
	it('folds a comment’s ops field by field, and ignores ops of a comment never created', () => {
		const folded = foldCommentOps([
			{ id: 'a', noteId: 'n1', author: 'u1', text: 'แรก', created: 10, replyTo: '', mentions: ['u2'] },
			{ id: 'a', text: 'แก้แล้ว', edited: 20, mentions: [] },
			{ id: 'orphan', text: 'ไม่มีต้น' },
			{ id: 'b', noteId: 'n1', author: 'u2', text: 'x'.repeat(MAX_COMMENT_TEXT + 1), created: 30 },
			null,
			{ id: 5 }
		]);
		expect([...folded.keys()]).toEqual(['a', 'b']);
		expect(folded.get('a')).toMatchObject({ text: 'แก้แล้ว', edited: 20, mentions: [], author: 'u1', created: 10 });
		// Too long is never shown cut: the text is dropped.
		expect(folded.get('b')!.text).toBe('');
	});

	it('adds, edits and deletes a comment; a deleted one keeps no text in the log', () => {
		const doc = new Y.Doc();
		const id = addComment(doc, { noteId: 'n1', author: 'u1', text: '  ควรถามผู้ใช้  ', mentions: ['u2', 'u2'], created: 100 });
		expect(readComments(doc).get(id)).toMatchObject({ text: 'ควรถามผู้ใช้', mentions: ['u2'], created: 100, deleted: 0 });
		expect(editComment(doc, id, 'ควรถามผู้ใช้ก่อน', [], 200)).toBe(true);
		expect(editComment(doc, id, 'ควรถามผู้ใช้ก่อน', [], 300)).toBe(false);
		expect(deleteComment(doc, id, 400)).toBe(true);
		expect(readComments(doc).get(id)).toMatchObject({ text: '', deleted: 400, author: 'u1', noteId: 'n1' });
		expect(JSON.stringify(boardRoots(doc).comments.toJSON())).not.toContain('ควรถาม');
		expect(deleteComment(doc, id)).toBe(false);
		expect(editComment(doc, id, 'กลับมา', [])).toBe(false);
	});

	it('refuses empty and over-long text', () => {
		const doc = new Y.Doc();
		expect(commentTextProblem('   ')).toBe('empty');
		expect(commentTextProblem('ก'.repeat(MAX_COMMENT_TEXT + 1))).toBe('too-long');
		expect(commentTextProblem('ก'.repeat(MAX_COMMENT_TEXT))).toBeNull();
		expect(() => addComment(doc, { noteId: 'n', author: 'u', text: ' ' })).toThrow();
		expect(boardRoots(doc).comments.length).toBe(0);
	});

	it('keeps threads one level deep, and a deleted first comment only while it has replies', () => {
		const doc = new Y.Doc();
		const first = addComment(doc, { noteId: 'n1', author: 'u1', text: 'หนึ่ง', created: 1 });
		const reply = addComment(doc, { noteId: 'n1', author: 'u2', text: 'ตอบ', replyTo: first, created: 2 });
		const deeper = addComment(doc, { noteId: 'n1', author: 'u3', text: 'ตอบต่อ', replyTo: reply, created: 3 });
		const lone = addComment(doc, { noteId: 'n1', author: 'u1', text: 'อีกเรื่อง', created: 4 });
		addComment(doc, { noteId: 'n2', author: 'u1', text: 'โน้ตอื่น', created: 5 });
		expect(readComments(doc).get(deeper)!.replyTo).toBe(first);
		let threads = threadsOf(readComments(doc), 'n1');
		expect(threads.map((t) => [t.first.id, t.replies.map((r) => r.id)])).toEqual([
			[first, [reply, deeper]],
			[lone, []]
		]);
		deleteComment(doc, first);
		deleteComment(doc, lone);
		threads = threadsOf(readComments(doc), 'n1');
		expect(threads.map((t) => [t.first.id, t.first.deleted > 0, t.replies.length])).toEqual([[first, true, 2]]);
		expect(commentCounts(readComments(doc))).toEqual(
			new Map([
				['n1', 2],
				['n2', 1]
			])
		);
	});

	it('lists the mentions of me by others on notes that exist, newest first', () => {
		const doc = new Y.Doc();
		const older = addComment(doc, { noteId: 'n1', author: 'u1', text: '@สมชาย ดูที', mentions: ['me'], created: 1 });
		const newer = addComment(doc, { noteId: 'n2', author: 'u2', text: '@สมชาย อีกที', mentions: ['me'], created: 2 });
		addComment(doc, { noteId: 'n1', author: 'me', text: 'ตัวเอง', mentions: ['me'], created: 3 });
		addComment(doc, { noteId: 'gone', author: 'u1', text: 'โน้ตหายไป', mentions: ['me'], created: 4 });
		const mine = mentionsOf(readComments(doc), 'me', (id) => id !== 'gone');
		expect(mine.map((c) => c.id)).toEqual([newer, older]);
	});

	it('mentions only the picked people whose @name is still in the text', () => {
		const picked = [
			{ id: 'u1', name: 'วิชัย สมาชิก' },
			{ id: 'u2', name: 'Mali' }
		];
		expect(mentionedIds('@วิชัย สมาชิก ช่วยดูหน่อย', picked)).toEqual(['u1']);
		expect(mentionedIds('ไม่มีใคร', picked)).toEqual([]);
	});

	it('lets guests comment unless a facilitator turns it off', () => {
		const doc = new Y.Doc();
		expect(guestsMayComment(doc)).toBe(true);
		setGuestsMayComment(doc, false);
		expect(guestsMayComment(doc)).toBe(false);
		setGuestsMayComment(doc, true);
		expect(boardRoots(doc).meta.has('guestsComment')).toBe(false);
	});
});

describe('reactions', () => {
	it('toggles my reaction and counts each emoji with mine marked', () => {
		const doc = new Y.Doc();
		expect(toggleReaction(doc, 'n1', '👍', 'me')).toBe(true);
		toggleReaction(doc, 'n1', '👍', 'u2');
		toggleReaction(doc, 'n1', '💡', 'u2');
		expect(reactionChips(readReactions(doc), 'n1', 'me')).toEqual([
			{ emoji: '👍', count: 2, mine: true },
			{ emoji: '💡', count: 1, mine: false }
		]);
		expect(toggleReaction(doc, 'n1', '👍', 'me')).toBe(false);
		expect(reactionChips(readReactions(doc), 'n1', 'me')[0]).toEqual({ emoji: '👍', count: 1, mine: false });
		expect(reactionChips(readReactions(doc), 'n2', 'me')).toEqual([]);
	});

	it('reads keys whose user id has a colon, and ignores what is not a reaction', () => {
		expect(parseReactionKey(reactionKey('n1', '❤️', 'guest-a:b'))).toEqual({ noteId: 'n1', emoji: '❤️', userId: 'guest-a:b' });
		expect(parseReactionKey('n1:🐍:u1')).toBeNull();
		expect(parseReactionKey('n1:👍:')).toBeNull();
		expect(parseReactionKey(':👍:u1')).toBeNull();
		const doc = new Y.Doc();
		boardRoots(doc).reactions.set('n1:👍:u1', 2);
		expect(readReactions(doc).size).toBe(0);
	});
});

describe('an import', () => {
	it('renames comments’ authors and mentions and the people who reacted', () => {
		const doc = new Y.Doc();
		const id = addComment(doc, { noteId: 'n1', author: 'old1', text: '@คนเก่า', mentions: ['old2', 'guest-x'], created: 1 });
		toggleReaction(doc, 'n1', '💡', 'old2');
		toggleReaction(doc, 'n1', '💡', 'guest-x');
		const ids = new Map([
			['old1', 'new1'],
			['old2', 'new2']
		]);
		renameCommentPeople(doc, ids);
		renameReactors(doc, ids);
		expect(readComments(doc).get(id)).toMatchObject({ author: 'new1', mentions: ['new2', 'guest-x'], text: '@คนเก่า' });
		expect([...boardRoots(doc).reactions.keys()].sort()).toEqual([reactionKey('n1', '💡', 'guest-x'), reactionKey('n1', '💡', 'new2')].sort());
	});
});

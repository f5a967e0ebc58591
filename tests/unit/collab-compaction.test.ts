import { describe, expect, it } from 'vitest';
import { compactionDue } from '../../src/lib/server/collab/room.ts';

const KiB = 1024;

describe('when a board’s log is folded into its snapshot', () => {
	it('folds a small board’s log every `compactAfterUpdates` updates, whatever their size', () => {
		expect(compactionDue(299, 30 * KiB, 20 * KiB, 300)).toBe(false);
		expect(compactionDue(300, 3 * KiB, 20 * KiB, 300)).toBe(true);
	});

	it('makes a big board wait until its log holds as many bytes as the snapshot beyond 64 KiB, so folding it costs the same per stored byte', () => {
		const snapshot = 4 * 1024 * KiB;
		const share = snapshot - 64 * KiB;
		expect(compactionDue(5_000, share - 1, snapshot, 300)).toBe(false);
		expect(compactionDue(5_000, share, snapshot, 300)).toBe(true);
		// Never before the count either.
		expect(compactionDue(299, snapshot, snapshot, 300)).toBe(false);
	});

	it('stretches both thresholds by the board’s factor, so boards that grow alike fold at different times', () => {
		expect(compactionDue(449, 30 * KiB, 20 * KiB, 300, 1.5)).toBe(false);
		expect(compactionDue(450, 30 * KiB, 20 * KiB, 300, 1.5)).toBe(true);
		const snapshot = 4 * 1024 * KiB;
		const share = 1.5 * (snapshot - 64 * KiB);
		expect(compactionDue(5_000, share - 1, snapshot, 300, 1.5)).toBe(false);
		expect(compactionDue(5_000, share, snapshot, 300, 1.5)).toBe(true);
	});
});

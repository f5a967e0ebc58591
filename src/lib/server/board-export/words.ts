import type { BoardSection } from '../../board/schema.ts';

/**
 * Every word an export prints, in the reader's language: the route builds it from the message
 * catalogue (`i18n/board-export/`), so these modules stay free of Kit aliases and easy to test.
 */
export interface ExportWords {
	columns: { section: string; text: string; color: string; author: string; dots: string; created: string; comments: string };
	sectionTitle(section: BoardSection): string;
	colorName(color: string): string;
	guestName(name: string): string;
	/** A comment's writer nobody knows any more. */
	someone: string;
	/** The heading of the PDF's pages of comments. */
	comments: string;
	/** Images (board/images.ts): the CSV's kind column and its values, and the name of an image nobody described. */
	images: { kind: string; note: string; image: string; undescribed: string };
	/** The heading of notes outside every section (PDF). */
	looseNotes: string;
	/** The cover page of the PDF. */
	cover: {
		brand: string;
		title: string;
		project: string;
		projectLabel: string;
		stage: string;
		stageLabel: string;
		date: string;
		dateLabel: string;
		part: string;
		partLabel: string;
		notes: string;
	};
	overview: string;
	empty: string;
}

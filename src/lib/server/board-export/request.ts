import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireProject } from '../http/guards.ts';
import { findProjectById } from '../projects/projects.ts';
import { findProjectBoard } from '../collab/boards.ts';
import { stageLabel } from '$lib/i18n/labels';
import { formatDate } from '$lib/i18n/format';
import { noteColorLabel, sectionTitle } from '$lib/components/board/board-labels';
import { recordAudit } from '../audit/record.ts';
import { authorNames, readBoardContent, type BoardContent, type ExportNames } from './content.ts';
import type { ExportWords } from './words.ts';
import type { ImageFiles } from './pdf.ts';
import { readBoardImages } from '../board-images/images.ts';
import { imageFileId } from '../../board/images.ts';
import type { Stage } from '$lib/domain/stages';

/**
 * What every board export route does first: who may export (anyone who may view the board: the
 * project's team and admins; viewers too, since an export only reads), which board and part of
 * it, the board read through the hub, and the words in the reader's language.
 *
 * Guests are not let in: these routes are members' (`requireProject` sends anyone signed out,
 * a guest included, to the login page). A guest joined a workshop to write on its boards for its
 * duration, and a file of everyone's notes would outlive that. Someone outside the team is sent
 * to the project's public page when it is published (`requireProject`): the live board may hold
 * notes nobody chose to publish, so only what the facilitators published is public.
 */
export interface BoardExport {
	content: BoardContent;
	words: ExportWords;
	names: ExportNames;
	/** The files of the images shown, by row id (the PNG and the PDF draw them). */
	imageFiles(): Promise<ImageFiles>;
	/** The file as a download, recorded in the audit trail (who exported which board, part and format). */
	download(body: Uint8Array | string, format: ExportFormat): Promise<Response>;
}

export type ExportFormat = 'csv' | 'png' | 'pdf';

const CONTENT_TYPES: Record<ExportFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	png: 'image/png',
	pdf: 'application/pdf'
};

const MAX_ID = 64;

export async function prepareBoardExport(event: RequestEvent<{ id: string; boardId: string }>): Promise<BoardExport> {
	const { access } = await requireProject(event, 'view');
	const db = event.locals.db;
	const [project, board] = await Promise.all([findProjectById(db, access.projectId), findProjectBoard(db, access.projectId, event.params.boardId)]);
	if (!project || !board) error(404, m.error_not_found());
	const asked = event.url.searchParams.get('section');
	const sectionId = asked ? asked : null;
	const content = sectionId && sectionId.length > MAX_ID ? null : await readBoardContent(event.locals.runtime.collab, board.id, sectionId);
	if (!content) error(400, m.bx_unknown_section());
	const now = Date.now();
	const words = boardExportWords(project.title, board.stage, content, now);
	const names = await authorNames(db, board.id, [...content.notes, ...(content.images ?? [])], words.guestName);
	const day = new Date(now).toISOString().slice(0, 10);
	const part = content.section ? `-${content.section.id.replace(/[^A-Za-z0-9_-]/g, '')}` : '';
	const imageIds = (content.images ?? []).flatMap((i) => imageFileId(i.file) ?? []);
	const download = async (body: Uint8Array | string, format: ExportFormat) => {
		await recordAudit(event.locals, 'board.exported', {
			projectId: access.projectId,
			target: { kind: 'board', id: board.id },
			details: { format, stage: board.stage, section: content.section !== null, notes: content.notes.length }
		});
		// An ASCII file name: board-STAGE[-SECTION]-YYYY-MM-DD.EXT
		return downloadResponse(body, CONTENT_TYPES[format], `board-${board.stage}${part}-${day}.${format}`);
	};
	return {
		content,
		words,
		names,
		imageFiles: () => readBoardImages(db, event.locals.runtime.blobs, board.id, imageIds),
		download
	};
}

/** Every word a board's export prints, in the reader's language (the message catalogue). */
export function boardExportWords(projectTitle: string, stage: Stage, content: BoardContent, now: number): ExportWords {
	return {
		columns: {
			section: m.bx_col_section(),
			text: m.bx_col_text(),
			color: m.bx_col_color(),
			author: m.bx_col_author(),
			dots: m.bx_col_dots(),
			created: m.bx_col_created(),
			comments: m.bx_col_comments()
		},
		sectionTitle,
		colorName: noteColorLabel,
		guestName: (name) => m.board_guest_suffix({ name }),
		someone: m.comments_someone(),
		comments: m.bx_pdf_comments(),
		images: { kind: m.bi_csv_col_kind(), note: m.bi_csv_kind_note(), image: m.bi_csv_kind_image(), undescribed: m.bi_image_default_alt() },
		looseNotes: m.bx_loose_notes(),
		cover: {
			brand: `${m.app_name()} · Prachalab`,
			title: m.board_board_of_stage({ stage: stageLabel(stage) }),
			project: projectTitle,
			projectLabel: m.bx_pdf_project(),
			stage: stageLabel(stage),
			stageLabel: m.bx_pdf_stage(),
			date: formatDate(now),
			dateLabel: m.bx_pdf_exported(),
			part: content.section ? sectionTitle(content.section) : m.bx_whole_board(),
			partLabel: m.bx_pdf_part(),
			notes: m.bx_pdf_notes({ count: content.notes.length })
		},
		overview: m.bx_pdf_overview(),
		empty: m.bx_pdf_empty()
	};
}

/** A download response that no shared cache keeps (a board is the team's). */
export function downloadResponse(body: Uint8Array | string, contentType: string, fileName: string): Response {
	return new Response(body as BodyInit, {
		headers: {
			'content-type': contentType,
			'content-disposition': `attachment; filename="${fileName}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}

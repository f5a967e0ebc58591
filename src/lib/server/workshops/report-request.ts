import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { formatDate, formatDateTime, formatNumber } from '$lib/i18n/format';
import { formatCalendarDay } from '$lib/i18n/prototype-labels';
import { boardName } from '$lib/i18n/workshops/labels';
import { sectionTitle } from '$lib/components/board/board-labels';
import { findProjectById } from '../projects/projects.ts';
import { readBoardContent } from '../board-export/content.ts';
import { boardExportWords } from '../board-export/request.ts';
import { requireWorkshop } from './guard.ts';
import { buildWorkshopReport, readerSeesNames, type ReportStep, type WorkshopReport } from './report.ts';
import type { ReportBoard, ReportWords } from './report-export.ts';

/**
 * What the report's PDF and CSV routes share: who may have it (whoever may read the report page:
 * the project's team, viewers included), the report read as the page reads it, the workshop's
 * boards through the hub, and the words in the reader's language.
 */
export async function prepareReportExport(event: RequestEvent<{ id: string; wid: string }>): Promise<{
	report: WorkshopReport;
	words: ReportWords;
	boards: () => Promise<ReportBoard[]>;
	fileName(extension: 'pdf' | 'csv'): string;
}> {
	const { workshop, access } = await requireWorkshop(event, 'view');
	const db = event.locals.db;
	const project = await findProjectById(db, workshop.projectId);
	if (!project) error(404, m.error_not_found());
	const collab = event.locals.runtime.collab;
	const report = await buildWorkshopReport(db, collab, workshop, { names: readerSeesNames(access) });
	const now = Date.now();
	const place = (step: ReportStep) =>
		step.place ? (step.place.section ? `${boardName(step.place.stage)} · ${sectionTitle(step.place.section)}` : boardName(step.place.stage)) : '';
	const words: ReportWords = {
		cover: {
			brand: `${m.app_name()} · Prachalab`,
			title: `${m.wl_report_title()}: ${workshop.title}`,
			rows: [
				[m.wl_report_pdf_project(), project.title],
				[m.wl_report_pdf_date(), formatCalendarDay(workshop.date)],
				[m.wl_report_pdf_facilitators(), workshop.facilitators.map((f) => f.name).join(', ')],
				[
					m.wl_report_pdf_participants(),
					m.wl_report_pdf_people_present({
						team: formatNumber(report.counts.team),
						present: formatNumber(report.counts.present),
						guests: formatNumber(report.counts.guests)
					})
				]
			],
			footnote: m.wl_report_pdf_footnote({ steps: formatNumber(report.steps.length), date: formatDate(now) })
		},
		agenda: m.wl_report_agenda(),
		steps: m.wl_report_steps(),
		stepTitle: (step) => `${step.number}. ${step.title}`,
		round: (round, number) =>
			[
				m.wl_report_round({
					number: formatNumber(number),
					time: formatDateTime(round.openedAt),
					voters: formatNumber(round.voters),
					dots: formatNumber(round.dots)
				}),
				round.secret ? ` (${m.wl_report_round_secret()})` : ''
			].join(''),
		roundResult: (result) => `${result.text} (${m.wl_report_dots({ count: formatNumber(result.count) })})`,
		roundEmpty: m.wl_report_round_empty(),
		roundOpened: (round) => formatDateTime(round.openedAt),
		stepFacts: (step) =>
			[
				m.wl_report_fact_planned({ minutes: formatNumber(step.plannedMinutes) }),
				step.actualMinutes === null ? m.wl_report_fact_not_reached() : m.wl_report_fact_actual({ minutes: formatNumber(step.actualMinutes) }),
				step.place ? m.wl_report_where({ place: place(step) }) : null,
				m.wl_report_done_count({ count: formatNumber(step.done) })
			]
				.filter((part) => part !== null)
				.join(' · '),
		note: (note) => (note.dots === null ? note.text : `${note.text} (${m.wl_report_dots({ count: formatNumber(note.dots) })})`),
		noNotes: m.wl_report_no_notes(),
		columns: {
			kind: m.wl_report_col_kind(),
			number: m.wl_report_col_number(),
			step: m.wl_report_step(),
			place: m.wl_report_col_place(),
			note: m.wl_report_col_note(),
			dots: m.bx_col_dots(),
			round: m.wl_report_col_round(),
			opened: m.wl_report_col_opened(),
			secret: m.wl_report_col_secret(),
			voters: m.wl_report_col_voters(),
			roundDots: m.wl_report_col_round_dots(),
			people: m.wl_report_col_people(),
			count: m.wl_report_col_count(),
			names: m.wl_report_col_names()
		},
		kinds: { note: m.wl_report_kind_note(), round: m.wl_report_kind_round(), people: m.wl_report_kind_people() },
		secret: m.wl_report_round_secret(),
		people: { team: m.wl_report_team(), present: m.wl_report_people_present(), guests: m.wl_report_people_guests() },
		place
	};
	const boards = async () => {
		const out: ReportBoard[] = [];
		for (const board of workshop.boards) {
			const content = await readBoardContent(collab, board.id, null);
			if (content) out.push({ heading: boardName(board.stage), content, words: boardExportWords(project.title, board.stage, content, now) });
		}
		return out;
	};
	const day = new Date(now).toISOString().slice(0, 10);
	return { report, words, boards, fileName: (extension) => `workshop-report-${workshop.id}-${day}.${extension}` };
}

import type { DB } from '../db/open.ts';
import { listProjects } from '../projects/projects.ts';
import { listStageChanges } from '../projects/stages.ts';
import { listProjectPrototypes } from '../prototypes/prototypes.ts';
import { listDecisions } from '../prototypes/decisions.ts';
import { listVersions } from '../prototypes/versions.ts';
import { listRoundsOfProject } from '../feedback/rounds.ts';
import { listQuestions } from '../feedback/questions.ts';
import { analyseRound } from '../feedback/analysis.ts';
import type { CsvColumn } from '../export/csv.ts';
import { listPublicBoards, readPublicBoard } from '../publication/publications.ts';
import { participationCounts, type ParticipationCountRow } from '../participation/counts.ts';

/**
 * Open data: what a published project lets anyone download, as rows with their columns, so one
 * definition serves CSV and JSON alike. No personal data, by construction: no names, no email,
 * no contact details, no free-text answers from citizens (they may name themselves) — only the
 * work itself and counts. Boards only as a facilitator published them (publication/), with
 * citizens' words only in a wording a moderator approved.
 */
export interface Dataset<T> {
	name: string;
	columns: readonly CsvColumn<T>[];
	rows: T[];
}

export const DATASET_NAMES = ['projects', 'stages', 'prototypes', 'feedback', 'boards', 'participation'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export function isDatasetName(value: string): value is DatasetName {
	return (DATASET_NAMES as readonly string[]).includes(value);
}

const iso = (ms: number) => new Date(ms).toISOString();

interface ProjectRow {
	id: string;
	title: string;
	titleEn: string | null;
	challenge: string;
	challengeEn: string | null;
	agency: string;
	stage: string;
	tags: string;
	updatedAt: number;
}

/** Every published project (or one of them). */
export async function projectsDataset(db: DB, projectId?: string): Promise<Dataset<ProjectRow>> {
	const projects = await listProjects(db, null);
	const rows = projects
		.filter((p) => !projectId || p.id === projectId)
		.map((p) => ({
			id: p.id,
			title: p.title,
			titleEn: p.titleEn,
			challenge: p.challenge,
			challengeEn: p.challengeEn,
			agency: p.agency,
			stage: p.stage,
			tags: p.tags.join('; '),
			updatedAt: p.updatedAt
		}));
	return {
		name: 'projects',
		rows,
		columns: [
			{ header: 'project_id', value: (r) => r.id },
			{ header: 'title', value: (r) => r.title },
			{ header: 'title_en', value: (r) => r.titleEn ?? '' },
			{ header: 'challenge', value: (r) => r.challenge },
			{ header: 'challenge_en', value: (r) => r.challengeEn ?? '' },
			{ header: 'agency', value: (r) => r.agency },
			{ header: 'stage', value: (r) => r.stage },
			{ header: 'tags', value: (r) => r.tags },
			{ header: 'updated_at', value: (r) => iso(r.updatedAt) }
		]
	};
}

interface StageRow {
	fromStage: string | null;
	toStage: string;
	reason: string;
	changedAt: number;
}

/** A project's moves between stages, oldest first (who moved it is left out). */
export async function stagesDataset(db: DB, projectId: string): Promise<Dataset<StageRow>> {
	const changes = await listStageChanges(db, projectId);
	return {
		name: 'stages',
		rows: changes.reverse().map(({ fromStage, toStage, reason, changedAt }) => ({ fromStage, toStage, reason, changedAt })),
		columns: [
			{ header: 'from_stage', value: (r) => r.fromStage ?? '' },
			{ header: 'to_stage', value: (r) => r.toStage },
			{ header: 'reason', value: (r) => r.reason },
			{ header: 'changed_at', value: (r) => iso(r.changedAt) }
		]
	};
}

interface PrototypeRow {
	id: string;
	title: string;
	titleEn: string | null;
	summary: string;
	summaryEn: string | null;
	audience: string;
	learningGoal: string;
	fidelity: string;
	status: string;
	statusChangedAt: number;
	versions: number;
	latestTestStarts: string;
	latestTestEnds: string;
	latestDecision: string;
	latestDecisionAt: number | null;
}

/** A project's prototypes: what they are, where they stand, the last decision. */
export async function prototypesDataset(db: DB, projectId: string): Promise<Dataset<PrototypeRow>> {
	const prototypes = await listProjectPrototypes(db, projectId);
	const rows: PrototypeRow[] = [];
	for (const p of prototypes) {
		const [versions, decisions] = await Promise.all([listVersions(db, p.id), listDecisions(db, p.id)]);
		const plan = [...versions].sort((a, b) => b.number - a.number).find((v) => v.testPlan)?.testPlan ?? null;
		const decision = [...decisions].sort((a, b) => b.decidedAt - a.decidedAt)[0] ?? null;
		rows.push({
			id: p.id,
			title: p.title,
			titleEn: p.titleEn,
			summary: p.summary,
			summaryEn: p.summaryEn,
			audience: p.audience,
			learningGoal: p.learningGoal,
			fidelity: p.fidelity,
			status: p.status,
			statusChangedAt: p.statusChangedAt,
			versions: versions.length,
			latestTestStarts: plan?.startsOn ?? '',
			latestTestEnds: plan?.endsOn ?? '',
			latestDecision: decision?.outcome ?? '',
			latestDecisionAt: decision?.decidedAt ?? null
		});
	}
	return {
		name: 'prototypes',
		rows,
		columns: [
			{ header: 'prototype_id', value: (r) => r.id },
			{ header: 'title', value: (r) => r.title },
			{ header: 'title_en', value: (r) => r.titleEn ?? '' },
			{ header: 'what_it_is', value: (r) => r.summary },
			{ header: 'what_it_is_en', value: (r) => r.summaryEn ?? '' },
			{ header: 'who_it_is_for', value: (r) => r.audience },
			{ header: 'what_we_want_to_learn', value: (r) => r.learningGoal },
			{ header: 'fidelity', value: (r) => r.fidelity },
			{ header: 'status', value: (r) => r.status },
			{ header: 'status_since', value: (r) => iso(r.statusChangedAt) },
			{ header: 'versions', value: (r) => r.versions },
			{ header: 'latest_test_starts', value: (r) => r.latestTestStarts },
			{ header: 'latest_test_ends', value: (r) => r.latestTestEnds },
			{ header: 'latest_decision', value: (r) => r.latestDecision },
			{ header: 'latest_decision_at', value: (r) => (r.latestDecisionAt === null ? '' : iso(r.latestDecisionAt)) }
		]
	};
}

interface FeedbackRow {
	roundId: string;
	round: string;
	roundEn: string;
	prototype: string;
	version: number;
	question: string;
	questionEn: string;
	questionKind: string;
	answer: string;
	answerEn: string;
	count: number;
	answered: number;
	mean: number | null;
}

/**
 * Citizens' feedback as counts: per round, question and possible answer (spam excluded, as in
 * the team's own analysis). Free-text answers are never included, only how many there were.
 */
export async function feedbackDataset(db: DB, projectId: string): Promise<Dataset<FeedbackRow>> {
	const rounds = await listRoundsOfProject(db, projectId);
	const rows: FeedbackRow[] = [];
	for (const round of rounds) {
		const questions = await listQuestions(db, round.id);
		const analysis = await analyseRound(db, round.id, questions);
		const base = { roundId: round.id, round: round.title.th, roundEn: round.title.en, prototype: round.prototypeTitle, version: round.versionNumber };
		const none = { answer: '', answerEn: '' };
		rows.push({
			...base,
			...none,
			question: '',
			questionEn: '',
			questionKind: 'responses',
			count: analysis.responses,
			answered: analysis.responses,
			mean: analysis.averageRating
		});
		for (const question of questions) {
			const result = analysis.questions.find((q) => q.questionId === question.id);
			const answered = result?.answered ?? 0;
			const common = {
				...base,
				question: question.label.th,
				questionEn: question.label.en,
				questionKind: question.kind,
				answered,
				mean: result?.mean ?? null
			};
			if (question.kind === 'text') {
				rows.push({ ...common, ...none, count: answered });
				continue;
			}
			for (const bar of result?.bars ?? []) {
				const option = question.options.find((o) => o.id === bar.key);
				rows.push({ ...common, answer: option ? option.th : bar.key, answerEn: option ? option.en : bar.key, count: bar.count });
			}
		}
	}
	return {
		name: 'feedback',
		rows,
		columns: [
			{ header: 'round_id', value: (r) => r.roundId },
			{ header: 'round', value: (r) => r.round },
			{ header: 'round_en', value: (r) => r.roundEn },
			{ header: 'prototype', value: (r) => r.prototype },
			{ header: 'version', value: (r) => r.version },
			{ header: 'question', value: (r) => r.question },
			{ header: 'question_en', value: (r) => r.questionEn },
			{ header: 'question_kind', value: (r) => r.questionKind },
			{ header: 'answer', value: (r) => r.answer },
			{ header: 'answer_en', value: (r) => r.answerEn },
			{ header: 'count', value: (r) => r.count },
			{ header: 'answered', value: (r) => r.answered },
			{ header: 'mean', value: (r) => (r.mean === null ? '' : Math.round(r.mean * 100) / 100) }
		]
	};
}

interface BoardNoteRow {
	boardId: string;
	stage: string;
	publishedAt: number;
	sectionId: string;
	section: string;
	noteId: string;
	text: string;
	color: string;
	fromFeedback: boolean;
}

/** How a section is named in a file: the team's title, else the template's (the route supplies it in the reader's language). */
export type SectionNamer = (section: { title: string; key: string }) => string;

/** The notes of the project's published boards, as published: words, section and colour; never who wrote them. */
export async function boardsDataset(db: DB, projectId: string, sectionName: SectionNamer = (s) => s.title || s.key): Promise<Dataset<BoardNoteRow>> {
	const rows: BoardNoteRow[] = [];
	for (const board of await listPublicBoards(db, projectId)) {
		const published = await readPublicBoard(db, projectId, board.boardId);
		if (!published) continue;
		const sections = new Map(published.view.sections.map((s) => [s.id, s]));
		for (const note of published.view.notes) {
			const section = sections.get(note.section);
			rows.push({
				boardId: board.boardId,
				stage: board.stage,
				publishedAt: published.publishedAt,
				sectionId: note.section,
				section: section ? sectionName(section) : '',
				noteId: note.id,
				text: note.text,
				color: note.color,
				fromFeedback: note.fromFeedback
			});
		}
	}
	return {
		name: 'boards',
		rows,
		columns: [
			{ header: 'board_id', value: (r) => r.boardId },
			{ header: 'stage', value: (r) => r.stage },
			{ header: 'published_at', value: (r) => iso(r.publishedAt) },
			{ header: 'section_id', value: (r) => r.sectionId },
			{ header: 'section', value: (r) => r.section },
			{ header: 'note_id', value: (r) => r.noteId },
			{ header: 'text', value: (r) => r.text },
			{ header: 'color', value: (r) => r.color },
			{ header: 'from_citizen_feedback', value: (r) => r.fromFeedback }
		]
	};
}

/**
 * How many citizens took part, per call (stories, ideas, supports) and feedback round, and per
 * channel: counts only — never what they wrote, never a district (issue 13).
 */
export async function participationDataset(db: DB, projectId: string): Promise<Dataset<ParticipationCountRow>> {
	return {
		name: 'participation',
		rows: await participationCounts(db, projectId),
		columns: [
			{ header: 'source', value: (r) => r.source },
			{ header: 'call_or_round_id', value: (r) => r.id },
			{ header: 'title', value: (r) => r.title },
			{ header: 'title_en', value: (r) => r.titleEn },
			{ header: 'channel', value: (r) => r.channel },
			{ header: 'count', value: (r) => r.count }
		]
	};
}

/** A published project's dataset by name; null when the project is not published. */
export async function projectDataset(db: DB, projectId: string, name: DatasetName, sectionName?: SectionNamer): Promise<Dataset<any> | null> {
	const project = await db.selectFrom('projects').select('visibility').where('id', '=', projectId).executeTakeFirst();
	if (project?.visibility !== 'published') return null;
	switch (name) {
		case 'projects':
			return projectsDataset(db, projectId);
		case 'stages':
			return stagesDataset(db, projectId);
		case 'prototypes':
			return prototypesDataset(db, projectId);
		case 'feedback':
			return feedbackDataset(db, projectId);
		case 'boards':
			return boardsDataset(db, projectId, sectionName);
		case 'participation':
			return participationDataset(db, projectId);
	}
}

/** The dataset as JSON rows: column headers as keys, the same values as the CSV. */
export function datasetJson<T>(dataset: Dataset<T>): Record<string, unknown>[] {
	return dataset.rows.map((row) => Object.fromEntries(dataset.columns.map((c) => [c.header, c.value(row) ?? null])));
}

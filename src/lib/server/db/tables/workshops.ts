import type { Generated } from 'kysely';

/**
 * The lab's own methods and workshops with their agendas (0014), and what the live part of a
 * workshop will use: its current step and state, its guests and join codes, step done-marks.
 */
export interface WorkshopTables {
	lab_methods: LabMethodsTable;
	workshops: WorkshopsTable;
	workshop_facilitators: WorkshopFacilitatorsTable;
	workshop_boards: WorkshopBoardsTable;
	workshop_steps: WorkshopStepsTable;
	workshop_join_codes: WorkshopJoinCodesTable;
	workshop_guests: WorkshopGuestsTable;
	workshop_step_marks: WorkshopStepMarksTable;
	workshop_step_runs: WorkshopStepRunsTable;
	workshop_attendance: WorkshopAttendanceTable;
}

/** A method the lab wrote (or copied from a built-in one). English fields may be '' (the Thai is shown). */
export interface LabMethodsTable {
	id: string;
	stage: string;
	name_th: string;
	name_en: Generated<string>;
	summary_th: string;
	summary_en: Generated<string>;
	purpose_th: string;
	purpose_en: Generated<string>;
	when_th: string;
	when_en: Generated<string>;
	/** One step per line. */
	steps_th: string;
	steps_en: Generated<string>;
	/** One tip per line. */
	tips_th: Generated<string>;
	tips_en: Generated<string>;
	minutes: number;
	group_min: number;
	group_max: number;
	/** A board stage, or null for a method worked off the boards. */
	board_stage: string | null;
	/** Template section keys, comma-separated ('' for the whole board). */
	board_sections: Generated<string>;
	/** A built-in method's slug or another lab method's id. */
	copied_from: string | null;
	created_by: string | null;
	created_at: number;
	updated_at: number;
}

export interface WorkshopsTable {
	id: string;
	project_id: string;
	title: string;
	purpose: Generated<string>;
	/** 'YYYY-MM-DD' */
	date: string;
	/** 'HH:MM', Thailand time. */
	start_time: string;
	/** planned | running | ended */
	state: Generated<string>;
	current_step_id: string | null;
	current_step_started_at: number | null;
	started_at: number | null;
	ended_at: number | null;
	created_by: string | null;
	created_at: number;
	updated_at: number;
}

export interface WorkshopFacilitatorsTable {
	workshop_id: string;
	user_id: string;
}

export interface WorkshopBoardsTable {
	workshop_id: string;
	board_id: string;
}

export interface WorkshopStepsTable {
	id: string;
	workshop_id: string;
	/** 0, 1, 2 … in agenda order. */
	position: number;
	title: string;
	/** A built-in method's slug or a lab method's id. */
	method_id: string | null;
	minutes: number;
	instructions: Generated<string>;
	board_id: string | null;
	/** A template section key ('' for the whole board). */
	section_key: Generated<string>;
	created_at: number;
	updated_at: number;
}

/** A workshop's join codes for guests; only the code's hash is kept. */
export interface WorkshopJoinCodesTable {
	id: string;
	workshop_id: string;
	code_hash: string;
	created_by: string;
	created_at: number;
	expires_at: number;
	closed_at: number | null;
}

/** Guests of one workshop: a display name and the hash of their cookie's secret. */
export interface WorkshopGuestsTable {
	id: string;
	workshop_id: string;
	join_code_id: string;
	name: string;
	secret_hash: string;
	created_at: number;
	expires_at: number;
	ended_at: number | null;
}

/** A participant marked a step done. */
export interface WorkshopStepMarksTable {
	step_id: string;
	/** user | guest | pseudonym (a board's done mark, kept when the room left the step: workshops/live.ts) */
	participant_kind: string;
	participant_id: string;
	marked_at: number;
}

/** When the room came to a step of a live workshop and left it (0021). */
export interface WorkshopStepRunsTable {
	id: string;
	workshop_id: string;
	step_id: string;
	started_at: number;
	ended_at: number | null;
}

/** A team member seen on a board of the running workshop (0027), once per workshop. */
export interface WorkshopAttendanceTable {
	workshop_id: string;
	user_id: string;
	first_seen_at: number;
}

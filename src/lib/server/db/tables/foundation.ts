import type { Generated } from 'kysely';

/** Accounts, sessions, invites, projects, teams, stage history and the board registry (0001). */
export interface FoundationTables {
	users: UsersTable;
	sessions: SessionsTable;
	invites: InvitesTable;
	projects: ProjectsTable;
	project_tags: ProjectTagsTable;
	project_members: ProjectMembersTable;
	stage_changes: StageChangesTable;
	boards: BoardsTable;
}

export interface UsersTable {
	id: string;
	email: string;
	name: string;
	role: string;
	password_hash: string | null;
	disabled: Generated<number>;
	created_at: number;
}

export interface SessionsTable {
	id: string;
	secret_hash: string;
	user_id: string;
	created_at: number;
	last_verified_at: number;
	user_agent: Generated<string>;
}

export interface InvitesTable {
	id: string;
	token_hash: string;
	email: string;
	role: string;
	invited_by: string | null;
	created_at: number;
	expires_at: number;
	accepted_at: number | null;
}

export interface ProjectsTable {
	id: string;
	title: string;
	challenge: string;
	/** Optional English title and challenge (0018); null when the team gave none. */
	title_en: string | null;
	challenge_en: string | null;
	agency: string;
	stage: string;
	visibility: Generated<string>;
	created_by: string | null;
	created_at: number;
	updated_at: number;
}

export interface ProjectTagsTable {
	project_id: string;
	tag: string;
}

export interface ProjectMembersTable {
	project_id: string;
	user_id: string;
	role: string;
	added_by: string | null;
	added_at: number;
}

export interface StageChangesTable {
	id: string;
	project_id: string;
	from_stage: string | null;
	to_stage: string;
	reason: string;
	changed_by: string | null;
	changed_at: number;
}

export interface BoardsTable {
	id: string;
	project_id: string;
	stage: string;
	title: string;
	created_at: number;
}

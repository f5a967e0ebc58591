/** What is public of boards (0010): facilitators' board publications and approved feedback wording. */
export interface PublicationTables {
	board_publications: BoardPublicationsTable;
	feedback_publication_approvals: FeedbackPublicationApprovalsTable;
}

export interface BoardPublicationsTable {
	board_id: string;
	project_id: string;
	/** 'board' or 'sections'. */
	scope: string;
	/** JSON array of section ids ('[]' for a whole board). */
	sections: string;
	/** JSON: the published sections and notes (publication/snapshot.ts, StoredPublication). */
	content: string;
	/** SHA-256 (hex) of the public view as previewed. */
	digest: string;
	published_by: string | null;
	published_at: number;
}

export interface FeedbackPublicationApprovalsTable {
	board_id: string;
	note_id: string;
	text_digest: string;
	response_id: string;
	text: string;
	approved_by: string | null;
	approved_at: number;
}

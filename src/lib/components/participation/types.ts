/** A support or report form shown again after a post that stored nothing (server/participation/http.ts). */
export interface IdeaFormState {
	action: 'support' | 'report';
	ideaId: string;
	token: string;
	question: string | null;
	confirm: boolean;
	error: string | null;
	notice: string | null;
	reason: string;
}

/** An idea as the public pages show it. */
export interface PublicIdeaView {
	id: string;
	title: string;
	body: string;
	supports: number;
	similar: { id: string; title: string }[];
	supported: boolean;
	support: { token: string; question: string | null };
}

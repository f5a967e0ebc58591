/**
 * The documented surface of /api/v1 (served by GET /api/v1 and shown on /api). Every endpoint
 * is read-only JSON. Authentication is the session cookie; without one, only published
 * projects are visible and no personal data is returned. Errors are
 * `{ "error": { "code", "message" } }` with 400/401/403/404.
 */
export interface ApiEndpoint {
	method: 'GET';
	path: string;
	description: string;
	query?: Record<string, string>;
}

export const API_ENDPOINTS: ApiEndpoint[] = [
	{ method: 'GET', path: '/api/v1', description: 'This index.' },
	{
		method: 'GET',
		path: '/api/v1/projects',
		description: 'Projects the caller may see (anonymous: published ones), newest activity first.',
		query: { q: 'words in title, challenge, agency or tags', stage: 'empathize | ideate | prototype | test | implement', agency: 'exact agency name' }
	},
	{
		method: 'GET',
		path: '/api/v1/projects/{id}',
		description: 'One project: details, stage history and boards (team and names only for signed-in callers).'
	},
	{
		method: 'GET',
		path: '/api/v1/projects/{id}/boards/{boardId}',
		description: 'A board as it is now: its sections and notes (authors only for signed-in callers). Live editing uses the WebSocket /collab/{boardId}.'
	},
	{
		method: 'GET',
		path: '/api/v1/projects/{id}/prototypes',
		description: "The project's prototypes: status, fidelity, versions count (owners only for signed-in callers)."
	},
	{
		method: 'GET',
		path: '/api/v1/projects/{id}/prototypes/{prototypeId}',
		description: 'One prototype: versions with test plans, decisions and its timeline (no names for anonymous callers).'
	},
	{
		method: 'GET',
		path: '/api/v1/projects/{id}/feedback',
		description: "The project's citizen-feedback rounds with their response counts and public form links."
	},
	{
		method: 'GET',
		path: '/api/v1/projects/{id}/feedback/{roundId}',
		description: 'One round: its questions and results (distributions, means, per day and channel); no free text.'
	},
	{
		method: 'GET',
		path: '/api/v1/projects/{id}/feedback/{roundId}/responses',
		description: "The round's responses, for its team only: answers (personal data in free text masked), status, tags. Never contact details.",
		query: { status: 'new | published | hidden | spam', channel: 'web | qr | counter | phone | line | other', tag: 'a tag', q: 'words in the free text (Thai segmented)', page: '1, 2, … (50 per page)' }
	}
];

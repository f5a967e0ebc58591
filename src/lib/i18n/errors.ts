import { m } from '$lib/paraglide/messages.js';
import type { Issue } from '$lib/server/validation';

type MessageFn = (params?: Record<string, string | number>) => string;

/** The message for a validation issue, in the current locale. */
export function issueMessage(issue: Issue): string {
	const message = (m as unknown as Record<string, MessageFn | undefined>)[`error_${issue.code}`];
	if (!message) throw new Error(`no message for error code ${issue.code}`);
	return message(issue.params ?? {});
}

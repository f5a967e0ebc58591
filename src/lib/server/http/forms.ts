import { fail } from '@sveltejs/kit';
import { InputError } from '../validation.ts';
import { issueMessage } from '$lib/i18n/errors';

/** Field name → message, in the user's language ('' is the form as a whole). */
export type FieldErrors = Record<string, string>;

/** The text fields of a form, for echoing back what the user typed (never passwords). */
export function formValues(data: FormData, omit: readonly string[] = ['password', 'current']): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of data) {
		if (typeof value === 'string' && !omit.includes(key)) values[key] = value;
	}
	return values;
}

/**
 * Runs a form's work; an InputError becomes a 400 with messages per field and the typed
 * values, anything else is a real failure and propagates.
 */
export async function handleForm<T>(data: FormData, work: () => Promise<T>) {
	try {
		return { ok: true as const, value: await work() };
	} catch (err) {
		if (err instanceof InputError) {
			const errors: FieldErrors = {};
			for (const issue of err.issues) errors[issue.field] ??= issueMessage(issue);
			return { ok: false as const, failure: fail(400, { errors, values: formValues(data) }) };
		}
		throw err;
	}
}

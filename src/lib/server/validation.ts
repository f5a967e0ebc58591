/**
 * Input checking shared by every server module. A module that refuses input throws an
 * InputError listing each problem by field and code; the route turns codes into messages in
 * the user's language and echoes what they typed. Nothing is written before validation passes.
 */

export interface Issue {
	/** The form field at fault ('' for the form as a whole). */
	field: string;
	/** A key of the message catalogue: `error_${code}`. */
	code: string;
	/** Values the message interpolates, e.g. a maximum length. */
	params?: Record<string, string | number>;
}

export class InputError extends Error {
	readonly issues: Issue[];
	constructor(issues: Issue[]) {
		super(`invalid input: ${issues.map((i) => `${i.field}:${i.code}`).join(', ')}`);
		this.name = 'InputError';
		this.issues = issues;
	}
}

/** A refusal that is not about one field: a wrong state, a missing right. */
export function refuse(code: string, field = '', params?: Issue['params']): never {
	throw new InputError([{ field, code, ...(params ? { params } : {}) }]);
}

/** Splits "a, b ,c" into distinct trimmed tags. */
export function parseTags(value: unknown): string[] {
	if (typeof value !== 'string') return [];
	const tags = value
		.split(/[,，、\n]/)
		.map((t) => t.trim().normalize('NFC'))
		.filter((t) => t.length > 0);
	return [...new Set(tags)];
}

/** Collects issues while checking a form, then throws them all at once. */
export class Checker {
	readonly issues: Issue[] = [];

	add(field: string, code: string, params?: Issue['params']): void {
		this.issues.push({ field, code, ...(params ? { params } : {}) });
	}

	/** Trimmed text between min and max characters (counted as code points: Thai is fine). */
	text(field: string, value: unknown, { min = 1, max = 200 }: { min?: number; max?: number } = {}): string {
		if (typeof value !== 'string') {
			this.add(field, 'required');
			return '';
		}
		const trimmed = value.trim().normalize('NFC');
		const length = [...trimmed].length;
		if (length === 0 && min > 0) this.add(field, 'required');
		else if (length < min) this.add(field, 'too_short', { min });
		else if (length > max) this.add(field, 'too_long', { max });
		// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
		if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed)) this.add(field, 'invalid_characters');
		return trimmed;
	}

	/**
	 * Tags typed as "a, b ,c" (Thai and CJK commas too): distinct, trimmed, at most `max` of them,
	 * each at most `maxLength` characters.
	 */
	tags(field: string, value: unknown, { max = 12, maxLength = 40 }: { max?: number; maxLength?: number } = {}): string[] {
		const tags = parseTags(value);
		if (tags.length > max) this.add(field, 'too_many_tags', { max });
		if (tags.some((t) => [...t].length > maxLength)) this.add(field, 'tag_too_long', { max: maxLength });
		return tags;
	}

	oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
		if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
		this.add(field, 'invalid_choice');
		return allowed[0] as T;
	}

	email(field: string, value: unknown): string {
		const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
		if (!email) this.add(field, 'required');
		else if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) this.add(field, 'invalid_email');
		return email;
	}

	/** Throws an InputError when anything was added. */
	done(): void {
		if (this.issues.length > 0) throw new InputError(this.issues);
	}
}

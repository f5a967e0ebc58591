/** A question as a form shows it: already in the reader's language. */
export interface FormQuestion {
	id: string;
	/** The form field name. */
	name: string;
	kind: 'rating' | 'single' | 'multiple' | 'yes_no' | 'text';
	label: string;
	help: string;
	required: boolean;
	/** The value and label of every choice (ratings 1–5, yes/no, or the options). */
	/** `hint` is a word under a rating's number ("ดีมาก"). */
	choices: { value: string; label: string; hint?: string }[];
	maxLength: number;
}

/** What was typed, as the server echoes it back after a refusal. */
export type FormValues = Record<string, string | string[] | undefined>;

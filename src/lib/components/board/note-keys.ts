/** Keys of a note's text box, shared by the board's list and the phone's Write view. */

/** Enter while a word is being composed belongs to the IME (Thai and others): no stray newline. */
export function keepEnterForIme(event: KeyboardEvent): void {
	if (event.key === 'Enter' && (event.isComposing || event.keyCode === 229)) event.preventDefault();
}

/** Ctrl/⌘+Enter sends the text box's form; Enter alone (or inside an IME) stays in the text. */
export function noteBoxKeydown(event: KeyboardEvent & { currentTarget: HTMLTextAreaElement }): void {
	keepEnterForIme(event);
	if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing && event.keyCode !== 229) {
		event.preventDefault();
		event.currentTarget.form?.requestSubmit();
	}
}

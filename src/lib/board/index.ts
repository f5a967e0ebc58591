/** The board document: schema and pure helpers, shared by browser, server and tests. */
export * from './schema.ts';
export * from './notes.ts';
export * from './sections.ts';
export * from './templates.ts';
export * from './geometry.ts';
export * from './links.ts';
export * from './presence.ts';
export { NoteIndex, type NoteChange } from './note-index.ts';
export { newBoardItemId } from './ids.ts';
export * from './voting.ts';
export * from './timer.ts';
export * from './facilitation.ts';
export { anonymousVoterId } from './voters.ts';
export * from './vote-results.ts';
export * from './restore.ts';
export * from './notices.ts';
export * from './privacy.ts';
export * from './participant.ts';

/** The feedback vocabulary for pages (the server's model.ts holds the same lists; a test keeps them equal). */
export const CHANNELS = ['web', 'qr', 'counter', 'phone', 'line', 'other'] as const;
export const STAFF_CHANNELS = ['counter', 'phone', 'line', 'other'] as const;
export const STATUSES = ['new', 'published', 'hidden', 'spam'] as const;

/**
 * The thank-you page learns the receipt code from a short-lived HttpOnly cookie set by the
 * submission (so the code never appears in a URL, a log or the history) and deletes it as soon
 * as it has shown it: on a shared phone or a kiosk, the next person cannot find it.
 */
export const RECEIPT_COOKIE = 'fb_receipt';

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * The poster's typeface: Sarabun, from the same npm package the app's pages use (fonts ship
 * with the app, nothing is fetched). Fontsource splits it into a Thai and a Latin file per
 * weight, so text is drawn in runs, each with the file that has its characters.
 */

export type Weight = 'regular' | 'bold';
export type Script = 'thai' | 'latin';

export interface PosterFont {
	key: string;
	bytes: Buffer;
	font: fontkit.Font;
}

const FILES: Record<Weight, Record<Script, string>> = {
	regular: { thai: 'sarabun-thai-400-normal.woff', latin: 'sarabun-latin-400-normal.woff' },
	bold: { thai: 'sarabun-thai-700-normal.woff', latin: 'sarabun-latin-700-normal.woff' }
};

let cache: Map<string, PosterFont> | null = null;

function load(): Map<string, PosterFont> {
	if (cache) return cache;
	const require = createRequire(import.meta.url);
	const fonts = new Map<string, PosterFont>();
	for (const weight of ['regular', 'bold'] as const) {
		for (const script of ['thai', 'latin'] as const) {
			const key = `${weight}-${script}`;
			const bytes = readFileSync(require.resolve(`@fontsource/sarabun/files/${FILES[weight][script]}`));
			const font = fontkit.create(bytes);
			if (!('layout' in font)) throw new Error(`${key} is a font collection, not a font`);
			fonts.set(key, { key, bytes, font });
		}
	}
	cache = fonts;
	return fonts;
}

export function posterFont(weight: Weight, script: Script): PosterFont {
	return load().get(`${weight}-${script}`)!;
}

export function allPosterFonts(): PosterFont[] {
	return [...load().values()];
}

/** Thai letters, vowels, tone marks and digits go to the Thai file; everything else to the Latin one. */
export function scriptOf(char: string): Script {
	const cp = char.codePointAt(0) ?? 0;
	return cp >= 0x0e00 && cp <= 0x0e7f ? 'thai' : 'latin';
}

/**
 * `save` without `-o` on the store: the archive is written to a temp file
 * (the store's writer checks every blob as it goes, so a corrupt one fails
 * before a byte is sent), then copied to the stream, which is left open.
 */
import {createReadStream, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';

export async function saveToStream(write: (file: string) => Promise<void>, stream: NodeJS.WritableStream): Promise<void> {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-save-'));
	try {
		const file = path.join(directory, 'archive.tar');
		await write(file);
		await pipeline(createReadStream(file), stream, {end: false});
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

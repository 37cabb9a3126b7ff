/**
 * One copy from a place to another, as `dockyard copy` and the TUI's `o` run
 * it: the source opened, then the destination (the source closed again when
 * that fails), the copy, and both closed whatever it ended in.
 */
import {copyImage, type CopyOptions, type CopyOutcome} from './copy.js';
import type {ImageDestination} from './image-transport.js';
import {openDestination, openSource, type Place, type PlaceOptions} from './places.js';

export async function copyBetween(from: Place, to: Place, options: PlaceOptions & CopyOptions): Promise<CopyOutcome> {
	const source = await openSource(from, options);
	let destination: ImageDestination;
	try {
		destination = await openDestination(to, options);
	} catch (error) {
		await source.close?.();
		throw error;
	}

	try {
		return await copyImage(source, destination, options);
	} finally {
		await source.close?.();
		await destination.close?.();
	}
}

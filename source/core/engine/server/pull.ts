/**
 * `POST /images/create?fromImage=&tag=`: docker pull, through the backend's
 * own pull (its hubs, its rules: a hub image needs its base OS image
 * installed first), its events written as docker's NDJSON progress. The
 * docker CLI prints `Using default tag` and the final reference itself, so
 * those lines of dockyard's are not sent.
 */
import {currentPlatform} from '../../hub/registry/platform.js';
import type {Platform} from '../../oci.js';
import {parsePlatform} from '../../platform.js';
import {canonicalString, parseReference, withDefaultTag} from '../../reference.js';
import type {Handler} from './context.js';
import {ProgressWriter} from './progress-writer.js';
import {HttpError} from './respond.js';

/** What the CLI already says itself, or what is dockyard's own summary, not the daemon's. */
const unsent = /^(Using default tag: |Downloaded in )/;

function platformOf(value: string | null): Platform | undefined {
	if (!value) {
		return undefined;
	}

	try {
		return parsePlatform(value, currentPlatform());
	} catch (error) {
		throw new HttpError(400, error instanceof Error ? error.message : String(error));
	}
}

export const createImage: Handler = async ({query, response}, {backend}) => {
	if (query.has('fromSrc')) {
		throw new HttpError(501, 'dockyard serve does not import a root filesystem (docker import); use docker load with an image archive');
	}

	const from = query.get('fromImage') ?? '';
	if (from === '') {
		throw new HttpError(400, 'fromImage is required: the image to pull');
	}

	const tag = query.get('tag') ?? '';
	// `tag` is a tag or, for NAME@DIGEST, the digest; a name that carries its own tag keeps it.
	const reference = tag === '' ? from : tag.includes(':') ? `${from}@${tag}` : `${from}:${tag}`;
	const platform = platformOf(query.get('platform'));
	const writer = new ProgressWriter(response);
	const controller = new AbortController();
	// A client that goes away (ctrl-c on docker pull) stops the pull; the store keeps nothing half-done.
	response.on('close', () => {
		if (!response.writableFinished) {
			controller.abort();
		}
	});
	try {
		// The CLI prints the canonical reference itself once the stream ends.
		const canonical = canonicalString(withDefaultTag(parseReference(reference)));
		await backend.pull(reference, {
			platform,
			signal: controller.signal,
			onProgress(event) {
				if (event.kind === 'status' && (unsent.test(event.message) || event.message === canonical)) {
					return;
				}

				writer.event(event);
			},
		});
		writer.end();
	} catch (error) {
		writer.fail(error);
	}
};

/**
 * `POST /images/create?fromImage=&tag=`: docker pull, through the backend's
 * own pull (its hubs, its rules: a hub image needs its base OS image
 * installed first), its events written as docker's NDJSON progress. The
 * docker CLI prints `Using default tag` and the final reference itself, so
 * those lines of dockyard's are not sent. No `tag` and a name without one is
 * `docker pull -a`: every tag, one after the other, as dockerd pulls them,
 * with one `Status:` line for the repository at the end. The client's
 * `X-Registry-Auth` counts for this request's registry only.
 */
import type {BackendPullOptions} from '../../backend/backend.js';
import type {PullEvent} from '../../backend/model.js';
import {currentPlatform} from '../../hub/registry/platform.js';
import {withRequestCredentials} from '../../hub/request-credentials.js';
import type {Platform} from '../../oci.js';
import {parsePlatform} from '../../platform.js';
import {canonicalString, familiarName, parseReference, withDefaultTag, type Reference} from '../../reference.js';
import type {Handler, ServeContext} from './context.js';
import {ProgressWriter} from './progress-writer.js';
import {registryAuthCredentials} from './registry-auth.js';
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

export const createImage: Handler = async ({query, incoming, response}, {backend}) => {
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
		const parsed = parseReference(reference);
		const allTags = tag === '' && parsed.tag === undefined && parsed.digest === undefined;
		const credentials = registryAuthCredentials(incoming.headers['x-registry-auth']);
		await withRequestCredentials(parsed.domain, credentials, async () => {
			const options = {platform, signal: controller.signal};
			await (allTags ? pullEveryTag(backend, parsed, writer, options) : pullOne(backend, reference, writer, options));
		});
		writer.end();
	} catch (error) {
		writer.fail(error);
	}
};

type PullOnce = Pick<BackendPullOptions, 'platform' | 'signal'>;

/** What dockyard says that dockerd does not send: the CLI prints the canonical reference itself once the stream ends. */
function forwarder(writer: ProgressWriter, canonical: string, skip?: (message: string) => boolean): (event: PullEvent) => void {
	return event => {
		if (event.kind === 'status' && (unsent.test(event.message) || event.message === canonical || skip?.(event.message))) {
			return;
		}

		writer.event(event);
	};
}

async function pullOne(backend: ServeContext['backend'], reference: string, writer: ProgressWriter, options: PullOnce): Promise<void> {
	const canonical = canonicalString(withDefaultTag(parseReference(reference)));
	await backend.pull(reference, {...options, onProgress: forwarder(writer, canonical)});
}

/** `docker pull -a NAME`: each tag's own lines, then dockerd's one `Status:` line for the repository. */
async function pullEveryTag(backend: ServeContext['backend'], repository: Reference, writer: ProgressWriter, options: PullOnce): Promise<void> {
	const name = familiarName(repository);
	const tags = await backend.tags(name);
	if (tags.length === 0) {
		throw new HttpError(404, `no tags found for ${name}`);
	}

	let downloaded = false;
	for (const tag of tags) {
		const reference = `${name}:${tag}`;
		const canonical = canonicalString(parseReference(reference));
		// eslint-disable-next-line no-await-in-loop
		const result = await backend.pull(reference, {...options, onProgress: forwarder(writer, canonical, message => message.startsWith('Status: '))});
		downloaded ||= !result.upToDate;
	}

	writer.message({status: downloaded ? `Status: Downloaded newer image for ${name}` : `Status: Image is up to date for ${name}`});
}

/**
 * `POST /images/{name}/push?tag=`: docker push, through the store's own push
 * (the same checks, mounts and verified reads as `dockyard push`), its
 * events written as docker's NDJSON: `The push refers to repository […]`,
 * a line per layer (`Preparing`, `Pushing` with a bar, `Pushed`, `Layer
 * already exists`, `Mounted from …`), `TAG: digest: … size: N` and the
 * `aux` record dockerd ends with. As dockerd does, the stream starts at once,
 * so a failure (no such image, a registry that says no) is an `error` line
 * after the repository line. No tag is `docker push --all-tags`. The
 * client's `X-Registry-Auth` counts for this request's registry only.
 */
import {need} from '../../backend/backend.js';
import type {Snapshot} from '../../backend/snapshot.js';
import {withRequestCredentials} from '../../hub/request-credentials.js';
import {canonicalName, familiarName, parseReference} from '../../reference.js';
import type {Handler} from './context.js';
import {ProgressWriter} from './progress-writer.js';
import {registryAuthCredentials} from './registry-auth.js';

/** The tags `docker push --all-tags NAME` sends: every local tag of that repository. */
function localTags(snapshot: Snapshot, name: string): string[] {
	const repository = familiarName(parseReference(name));
	return snapshot.images.flatMap(image => image.tags)
		.filter(tag => familiarName(parseReference(tag)) === repository)
		.sort();
}

export const pushImage: Handler = async ({query, incoming, response}, {backend}, [name]) => {
	const push = need(backend, 'push', 'push');
	const writer = new ProgressWriter(response);
	const controller = new AbortController();
	response.on('close', () => {
		if (!response.writableFinished) {
			controller.abort();
		}
	});
	const tag = query.get('tag') ?? '';
	const parsed = parseReference(name!);
	const repositoryLine = `The push refers to repository [${canonicalName(parsed)}]`;
	try {
		const references = tag !== '' ? [`${name!}:${tag}`] : parsed.tag ? [name!] : localTags(await backend.snapshot(), name!);
		if (references.length === 0) {
			writer.message({status: repositoryLine});
			throw new Error(`An image does not exist locally with the tag: ${familiarName(parsed)}`);
		}

		const credentials = registryAuthCredentials(incoming.headers['x-registry-auth']);
		await withRequestCredentials(parsed.domain, credentials, async () => {
			let first = true;
			for (const reference of references) {
				// eslint-disable-next-line no-await-in-loop
				const result = await push(reference, {
					signal: controller.signal,
					onProgress(event) {
						// The repository line goes out once, at once, as dockerd sends it (even before a failure).
						if (event.kind === 'status' && event.message.startsWith('The push refers to repository ')) {
							if (first) {
								writer.message({status: event.message});
								first = false;
							}

							return;
						}

						writer.event(event);
					},
				}).catch((error: unknown) => {
					if (first) {
						writer.message({status: repositoryLine});
						first = false;
					}

					throw error;
				});
				const summary = /^(\S+): digest: (sha256:[\da-f]{64}) size: (\d+)$/.exec(result.lines.at(-1) ?? '');
				if (summary) {
					writer.message({progressDetail: {}, aux: {Tag: summary[1], Digest: summary[2], Size: Number(summary[3])}});
				}
			}
		});
		writer.end();
	} catch (error) {
		writer.fail(error);
	}
};

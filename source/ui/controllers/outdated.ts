import {errorMessage} from '../../core/errors.js';
import {checkOutdated} from '../../core/hub/registry/outdated.js';
import {currentSettings} from '../../core/hub/route.js';
import {shortId} from '../../core/digest.js';
import type {ImageRow} from '../image-rows.js';
import type {Context} from './context.js';
import {startPull} from './pulls.js';

/**
 * `u` in Local images: is there another image behind the highlighted tag in
 * its registry now? One HEAD on the manifest (core/hub/registry/outdated.ts,
 * as `dockyard outdated`). An outdated row is marked (by its key: the image
 * and the tag, so the mark goes once the tag moves to the newer image) and
 * the newer image offered; the old one stays as long as anything depends on
 * it, as docker leaves it dangling. The offline hub's images are never
 * outdated.
 */
export function checkHighlighted(context: Context, row: ImageRow | undefined): void {
	if (!row) {
		return;
	}

	const reference = row.target;
	if (reference.startsWith('sha256:') || row.tag === '<none>') {
		context.set({last: {ok: false, summary: `${row.image.shortId} has no tag: there is no registry to ask`}});
		return;
	}

	let offer: (() => void) | undefined;
	const mark = (outdated: boolean) => {
		context.update(s => {
			const marks = new Set(s.images.outdated);
			if (outdated) {
				marks.add(row.key);
			} else {
				marks.delete(row.key);
			}

			return {...s, images: {...s.images, outdated: marks}};
		});
	};

	void context.run(`checking ${reference}`, async () => {
		let found;
		try {
			[found] = await checkOutdated([{...row.image, tags: [reference]}], context.backend.capabilities.settings?.read() ?? currentSettings(), process.env);
		} catch (error) {
			return {ok: false, outcome: 'error', summary: errorMessage(error)};
		}

		if (!found) {
			mark(false);
			return {ok: true, summary: `${reference} comes from the offline hub: never outdated`};
		}

		if (found.status === 'current') {
			mark(false);
			return {ok: true, summary: `${reference} is up to date (${shortId(found.remoteDigest ?? '')})`};
		}

		if (found.status !== 'outdated') {
			return {ok: false, outcome: found.status === 'error' ? 'error' : undefined, summary: `${reference}: ${found.status}${found.reason ? `, ${found.reason}` : ''}`};
		}

		mark(true);
		const remote = found.remoteDigest ?? '';
		offer = () => {
			context.dialog({
				kind: 'confirm',
				title: `${reference} is outdated`,
				lines: [
					`Here: ${shortId(found.localDigest ?? '')}; its registry now: ${shortId(remote)}${found.remoteCreated ? ` (created ${found.remoteCreated})` : ''}.`,
					'Pulling moves the tag to the newer image; the old one stays as long as anything depends on it (untagged, as docker leaves it).',
				],
				equivalents: context.teach({kind: 'pull', reference}),
				question: `Pull the newer ${reference} now? y/N`,
				async run() {
					await startPull(context, reference, async (onProgress, signal) => context.backend.pull(reference, {onProgress, signal}), context.teach({kind: 'pull', reference}));
				},
			});
		};

		return {ok: true, summary: `${reference} is outdated: its registry has ${shortId(remote)}`};
	}, () => offer?.(), context.teach({kind: 'outdated'}));
}

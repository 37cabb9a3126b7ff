/**
 * `o` in Local images: the highlighted image (or, on its row under T, one
 * held platform of it, as `save --platform`) copied to another place, named
 * as `dockyard copy` and skopeo name them (`docker://R`, `oci:DIR`,
 * `oci-archive:P`, `docker-archive:P`, `docker-daemon:R`, `dockyard:R`),
 * through the same core as the verb (core/copy/copy-between.ts). The source
 * is the very backend on screen: the store as `dockyard:`, an engine as
 * `docker-daemon:`. The prompt's preview teaches the copy being typed; a name
 * that is no place is the prompt's error; the busy line counts blobs.
 */
import {parsePlace, type Place} from '../../core/copy/place-names.js';
import {errorMessage} from '../../core/errors.js';
import {parsePlatform} from '../../core/platform.js';
import {currentSettings} from '../../core/hub/route.js';
import type {ImageRow} from '../image-rows.js';
import type {Context} from './context.js';

/** A destination to show in the preview while the typed one names no place yet. */
const placeholder = 'docker://REGISTRY/REPOSITORY:TAG';

export function copyHighlighted(context: Context, row: ImageRow | undefined): void {
	const {backend} = context;
	if (!row || !backend.capabilities.save) {
		return;
	}

	// A held platform's row (T): that platform's image, named through its index's tag, as save --platform does.
	const platform = row.platform?.held ? row.platform.name : undefined;
	const named = row.platform ? row.platform.parent : row.target;
	// An untagged image's row names it by id, a platform's row under it by its short id.
	const untagged = row.platform ? /^[\da-f]{12}$/.test(named) : named.startsWith('sha256:') || row.tag === '<none>';
	if (untagged) {
		context.set({last: {ok: false, summary: `${row.image.shortId} has no tag: tag the image first (t), then copy it`}});
		return;
	}

	// Only the store has files of its own (its home): any other backend is an engine.
	const kind: Place['kind'] = backend.capabilities.files ? 'dockyard' : 'docker-daemon';
	const source = `${kind}:${named}`;
	const teachFor = (destination: string) => context.teach({kind: 'copy', source, destination, platform});
	const problemOf = (text: string): string | undefined => {
		try {
			parsePlace(text);
			return undefined;
		} catch (error) {
			return errorMessage(error);
		}
	};

	context.prompt(`Copy ${platform ? `${platform} of ` : ''}${named} (dockyard copy)`, 'To, as skopeo names it (docker://, oci:, oci-archive:, docker-archive:, …):', '', typed => {
		const destination = typed.trim();
		if (!destination) {
			return;
		}

		const problem = problemOf(destination);
		if (problem) {
			return problem;
		}

		run(context, source, destination, kind, platform);
	}, typed => {
		const destination = typed.trim();
		return destination && !problemOf(destination)
			? {label: 'Enter copies', equivalents: teachFor(destination)}
			: {label: 'Enter copies (a place: docker://, oci:, …)', equivalents: teachFor(placeholder)};
	});
}

function run(context: Context, source: string, destination: string, kind: Place['kind'], platform: string | undefined): void {
	const {backend} = context;
	const equivalents = context.teach({kind: 'copy', source, destination, platform});
	const busy = `copying ${platform ? `${platform} of ` : ''}${source.slice(kind.length + 1)} to ${destination}`;
	let total: number | undefined;
	let done = 0;
	void context.run(busy, async () => {
		const {copyBetween} = await import('../../core/copy/copy-between.js');
		const settings = backend.capabilities.settings?.read() ?? currentSettings();
		const outcome = await copyBetween(parsePlace(source), parsePlace(destination), {
			insecureRegistries: settings.insecureRegistries,
			environment: process.env,
			engineFlags: {},
			// The store or engine on screen is the source: never another one opened beside it.
			backends: {[kind]: backend},
			...(platform ? {platform: parsePlatform(platform)} : {}),
			onBlobs(count) {
				total = count;
				context.set({busy: `${busy}: ${done} of ${total} blobs`});
			},
			onBlob() {
				done++;
				context.set({busy: `${busy}: ${done} of ${total ?? '?'} blobs`});
			},
		});
		const {copied, skipped, mounted} = outcome.blobs;
		return {ok: true, summary: `Copied ${source} to ${destination}: ${outcome.digest} (${copied} blobs copied, ${skipped} there already${mounted ? `, ${mounted} mounted` : ''})`, equivalents};
	}, undefined, equivalents);
}

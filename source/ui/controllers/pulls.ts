import {errorMessage} from '../../core/errors.js';
import {findOsImage} from '../../core/hub/catalog.js';
import type {BackendPullResult} from '../../core/backend/backend.js';
import type {PullEvent} from '../../core/backend/model.js';
import {asRefused, type Equivalents} from '../../core/teach.js';
import {missingBase} from '../missing-base.js';
import type {PullState} from '../state.js';
import type {Context} from './context.js';
import {trackProgress} from './progress.js';

type Work = (onProgress: (event: PullEvent) => void, signal: AbortSignal) => Promise<BackendPullResult>;

/** A pull (or a base OS install) in the Hub's progress panel; false when it did not complete. */
export async function startPull(context: Context, reference: string, work: Work, tried: Equivalents): Promise<boolean> {
	const {backend, update} = context;
	const running = context.state().hub.pull;
	if (running && !running.done) {
		context.set({last: {ok: false, summary: `A pull of ${running.reference} is running (x cancels it)`}});
		return false;
	}

	const pull: PullState = {reference, layers: [], messages: [], done: false, abort: new AbortController()};
	update(s => ({...s, hub: {...s.hub, pull}}));
	const {onProgress, stop} = trackProgress(pull, () => {
		update(s => ({...s}));
	});
	await context.run(`pulling ${reference}`, async () => {
		try {
			const result = await work(onProgress, pull.abort.signal);
			const status = result.lines.find(line => line.startsWith('Status:')) ?? `Pulled ${result.reference}`;
			// A pull that found everything there downloaded nothing: no time to report.
			const downloaded = status.startsWith('Status: Image is up to date') ? undefined : result.lines.find(line => line.startsWith('Downloaded in'));
			return {ok: true, summary: downloaded ? `${status} · ${downloaded}` : status, equivalents: result.teach};
		} catch (error) {
			if (pull.abort.signal.aborted) {
				// Asked for with x: said in the pull's panel and the status line, not as an error.
				pull.failed = 'Cancelled: nothing was added to the store';
				pull.cancelled = true;
				return {ok: false, cancelled: true, summary: `Cancelled the pull of ${reference}: nothing was added to the store`};
			}

			pull.failed = errorMessage(error);
			const base = backend.capabilities.osImages ? missingBase(error) : undefined;
			if (base) {
				// The fix offered in place: y installs the base, then this pull goes on.
				offerBase(context, reference, base, work);
				return {ok: false, outcome: 'refused', summary: `Refused: ${reference} needs the base OS image ${base.name} ${base.version} (y installs it)`, equivalents: asRefused(tried), fresh: true};
			}

			throw error;
		} finally {
			stop();
			pull.done = true;
		}
	}, undefined, tried);
	return pull.failed === undefined;
}

function offerBase(context: Context, reference: string, base: {name: string; version: string}, work: Work): void {
	const osImages = context.backend.capabilities.osImages;
	const entry = findOsImage(base.name, base.version);
	if (!osImages || !entry) {
		return;
	}

	context.dialog({
		kind: 'confirm',
		title: `Refused: ${reference} needs the base OS image ${entry.name} ${entry.version}`,
		lines: [`Rule: an image from the hub is built on a base OS image, which must be installed first. Nothing was changed.`],
		equivalents: context.teach({kind: 'os-install', name: entry.name, version: entry.version, repository: entry.repository}),
		question: `Install ${entry.name} ${entry.version} now, then pull ${reference}? y/N`,
		async run() {
			if (await startPull(context, `${entry.name} ${entry.version}`, async (onProgress, signal) => osImages.install(entry.name, entry.version, {onProgress, signal}), context.teach({kind: 'os-install', name: entry.name, version: entry.version, repository: entry.repository}))) {
				await startPull(context, reference, work, context.teach({kind: 'pull', reference}));
			}
		},
	});
}

/** Install-ContainerImage: a base OS image, latest unless a version is chosen. */
export function installOs(context: Context, name: string, version?: string): void {
	const osImages = context.backend.capabilities.osImages;
	if (!osImages) {
		return;
	}

	const repository = findOsImage(name, version)?.repository ?? name.toLowerCase();
	void startPull(context, `${name}${version ? ` ${version}` : ''}`, async (onProgress, signal) => osImages.install(name, version, {onProgress, signal}), context.teach({kind: 'os-install', name, version, repository}));
}

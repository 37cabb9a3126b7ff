/**
 * Which local tags have another image behind them in their registry now
 * (`dockyard outdated`, as `npm outdated`): one `HEAD` on the manifest per
 * tag, with the Accept types a pull sends, so nothing is pulled and Docker
 * Hub counts no pull. The remote image's created time is read (manifest and
 * config) only for a tag that is outdated, and never on Docker Hub, where
 * that read would count as a pull. An image with no repo digest in the
 * tag's repository (committed, loaded) is `unknown`; the offline hub's
 * images are never outdated.
 */
import type {Image} from '../../backend/model.js';
import {RegistryError} from '../../errors.js';
import {canonicalName, defaultDomain, parseReference, type Reference} from '../../reference.js';
import type {Settings} from '../../settings.js';
import {browserFor, type RegistryBrowser} from './browse.js';
import {manifestAccept, repositoryScope} from './manifest.js';

export type OutdatedStatus = 'outdated' | 'current' | 'unknown' | 'error';

export type OutdatedRow = {
	/** The local tag, as `docker images` names it. */
	image: string;
	status: OutdatedStatus;
	localDigest?: string;
	localCreated: string;
	remoteDigest?: string;
	remoteCreated?: string;
	/** Why it is unknown, or what went wrong (one line). */
	reason?: string;
};

/** The manifest digest the registry has under the tag, by HEAD (a GET only when the registry sends no Docker-Content-Digest). */
export async function remoteDigest(browser: RegistryBrowser, reference: Reference, signal?: AbortSignal): Promise<string> {
	const {client} = browser;
	const tag = reference.tag ?? 'latest';
	const request = {scope: repositoryScope(reference), subject: canonicalName(reference), what: `the manifest of ${canonicalName(reference)}:${tag}`, headers: {Accept: manifestAccept}, method: 'HEAD' as const, signal};
	const reply = await client.request(client.url(`/v2/${reference.path}/manifests/${tag}`), request);
	reply.done();
	if (reply.response.status !== 200) {
		throw await client.failure(reply, request, `manifest for ${canonicalName(reference)}:${tag} not found`);
	}

	const digest = reply.response.headers.get('docker-content-digest')?.trim();
	if (digest && /^sha256:[a-f\d]{64}$/.test(digest)) {
		return digest;
	}

	return (await browser.details(reference, signal)).digest;
}

export async function checkOutdated(images: Image[], settings: Settings, environment: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<OutdatedRow[]> {
	const browsers = new Map<string, RegistryBrowser>();
	const rows: OutdatedRow[] = [];
	for (const image of images) {
		for (const tag of image.tags) {
			let reference: Reference;
			try {
				reference = parseReference(tag);
			} catch {
				continue;
			}

			// The offline hub's images are the catalog's own: never outdated, and not asked about.
			if (reference.domain === defaultDomain && settings.hub === 'offline') {
				continue;
			}

			const held = image.repoDigests.filter(repoDigest => repoDigest.startsWith(`${canonicalName(reference)}@`) || familiarRepo(repoDigest) === canonicalName(reference)).map(repoDigest => repoDigest.slice(repoDigest.indexOf('@') + 1));
			const row: OutdatedRow = {image: tag, status: 'unknown', localDigest: held[0], localCreated: image.created};
			if (held.length === 0) {
				rows.push({...row, reason: 'no repo digest (committed or loaded here)'});
				continue;
			}

			let browser = browsers.get(reference.domain);
			if (!browser) {
				browser = browserFor(reference.domain, settings.insecureRegistries, environment);
				browsers.set(reference.domain, browser);
			}

			try {
				// eslint-disable-next-line no-await-in-loop
				const remote = await remoteDigest(browser, reference, signal);
				if (held.includes(remote)) {
					rows.push({...row, status: 'current', remoteDigest: remote});
					continue;
				}

				let remoteCreated: string | undefined;
				if (reference.domain !== defaultDomain) {
					// eslint-disable-next-line no-await-in-loop
					const details = await browser.details({...reference, tag: undefined, digest: remote}, signal).catch(() => undefined);
					remoteCreated = details?.platforms.map(platform => platform.created).filter((created): created is string => Boolean(created)).sort().at(-1);
				}

				rows.push({...row, status: 'outdated', remoteDigest: remote, ...(remoteCreated ? {remoteCreated} : {})});
			} catch (error) {
				if (signal?.aborted) {
					throw error;
				}

				rows.push({...row, status: 'error', reason: error instanceof RegistryError ? error.message : String(error)});
			}
		}
	}

	return rows;
}

/** `127.0.0.1:5000/x@sha256:…` → `127.0.0.1:5000/x` in canonical form (docker.io names get their `library/`). */
function familiarRepo(repoDigest: string): string | undefined {
	try {
		return canonicalName(parseReference(repoDigest));
	} catch {
		return undefined;
	}
}

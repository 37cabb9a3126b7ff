import {currentSettings} from '../core/hub/route.js';
import {checkOutdated, type OutdatedRow} from '../core/hub/registry/outdated.js';
import {cleanText} from '../core/text.js';
import {ago, table} from '../present/format.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';

function short(digest: string | undefined, trunc: boolean): string {
	return digest === undefined ? '-' : trunc ? digest.slice(7, 19) : digest;
}

export const outdated: Command = {
	name: 'outdated',
	usage: `Usage: dockyard outdated [OPTIONS]

List local tags whose registry now has another image behind the tag (as npm
outdated lists packages): one HEAD request a tag, nothing pulled. Images with
no repo digest (committed, loaded) are unknown; the offline hub's are never
outdated. Exit status 1 when something is outdated.

Options:
      --json       Print JSON
      --no-trunc   Don't truncate digests`,
	options: {json: {type: 'boolean'}, 'no-trunc': {type: 'boolean'}},
	arity: [0, 0],
	async run({flags, backend, out, err, explain, environment}) {
		const snapshot = await backend().snapshot();
		const settings = currentSettings(environment);
		const rows = await checkOutdated(snapshot.images, settings, environment);
		for (const row of rows.filter(row => row.status === 'error')) {
			err(`${cleanText(row.image)}: ${cleanText(row.reason ?? 'error')}`);
		}

		const shown = rows.filter(row => row.status !== 'current');
		if (flags['json']) {
			out(JSON.stringify(shown.map((row: OutdatedRow) => ({
				Image: cleanText(row.image),
				Status: row.status,
				LocalDigest: row.localDigest ?? null,
				LocalCreated: row.localCreated,
				RemoteDigest: row.remoteDigest ?? null,
				RemoteCreated: row.remoteCreated ?? null,
				...(row.reason ? {Reason: cleanText(row.reason)} : {}),
			})), undefined, 2));
		} else if (shown.length > 0) {
			const trunc = !flags['no-trunc'];
			for (const line of table(['IMAGE', 'STATUS', 'LOCAL', 'CREATED', 'REMOTE', 'CREATED'], shown.map(row => [
				row.image,
				row.status,
				short(row.localDigest, trunc),
				ago(row.localCreated) || '-',
				short(row.remoteDigest, trunc),
				row.remoteCreated ? ago(row.remoteCreated) : '-',
			]))) {
				out(line.trimEnd());
			}
		}

		explain(teach({kind: 'outdated'}));
		return rows.some(row => row.status === 'outdated' || row.status === 'error') ? 1 : 0;
	},
};

/**
 * Byte for byte against docker CLI 28: for each listing and each --format
 * form, `docker -H S …` and `dockyard -H S …` on the same Engine API server
 * print the same stdout (ages that tick by the second set aside in `ps`).
 *
 * By default the server is a dockerd started here on a temp socket with
 * images made for the edges (a long CREATED BY with a tab, a comment with a
 * tab, a layer of 1e+03kB, a step dated before 2000, an untagged image, a
 * container). DOCKYARD_BYTES_HOST=unix:///path points the same table at any
 * other server (`dockyard serve`'s socket), whose images it reads first.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildShellImage, loadIntoEngine, startEngine, type RunningEngine} from '../../source/devtools/engines.js';
import {buildImage} from '../../source/devtools/oci-images.js';
import {dockyard} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';
import {docker, dockerCli, stableImageOrder, timeless} from './oracle.js';

const pluggedHost = process.env['DOCKYARD_BYTES_HOST'];
const present = pluggedHost ? hasTools([dockerCli], 'the docker-bytes listings') : hasTools(['dockerd', 'runc', 'busybox', 'umoci', 'skopeo', dockerCli], 'the docker-bytes listings');

type Listing = {args: string[]; ticks?: boolean};

/** The listings, with the images and containers the server holds put in. */
function listings(references: string[], containers: string[]): Listing[] {
	const first = references[0] ?? 'none';
	const repository = first.replace(/:[^:/]+$/, '');
	const table: Listing[] = [
		{args: ['images']},
		{args: ['images', '-a']},
		{args: ['images', '--digests']},
		{args: ['images', '--no-trunc']},
		{args: ['images', '-q']},
		{args: ['images', '-aq', '--no-trunc']},
		{args: ['images', repository]},
		{args: ['images', first]},
		{args: ['images', `${repository.split('/')[0]!}/*`]},
		{args: ['images', '-f', 'reference=*/[a-m]*']},
		{args: ['images', '-f', 'reference=[!l]*/*']},
		{args: ['images', '-f', 'dangling=true']},
		{args: ['images', '-f', 'dangling=false']},
		{args: ['images', '--format', '{{.Repository}}:{{.Tag}}']},
		{args: ['images', '--format', String.raw`table {{.ID}}\t{{.Size}}`]},
		{args: ['images', '--format', String.raw`table {{.Repository}}\t{{.CreatedAt}}\t{{.VirtualSize}}\t{{.Containers}}`]},
		{args: ['images', '--format', '{{json .}}']},
		{args: ['images', '--format', 'json']},
		{args: ['images', '--format', 'table']},
		{args: ['images', '--digests', '--format', String.raw`table {{.Repository}}\t{{.Tag}}`]},
		{args: ['ps', '-a'], ticks: true},
		{args: ['ps', '-a', '--no-trunc'], ticks: true},
		{args: ['ps', '-aq']},
		{args: ['ps', '-a', '--format', String.raw`{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.Names}}\t{{.State}}`]},
		{args: ['ps', '-a', '--format', String.raw`table {{.Names}}\t{{.Status}}\t{{.CreatedAt}}`]},
	];
	// History and inspect on a few images: each listing is two processes, and the machine is shared.
	for (const reference of references.slice(0, 3)) {
		table.push(
			{args: ['history', reference]},
			{args: ['history', '--no-trunc', reference]},
			{args: ['history', '-q', reference]},
			{args: ['history', '--format', 'json', reference]},
			{args: ['history', '--format', String.raw`table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}`, reference]},
			{args: ['inspect', reference]},
			{args: ['inspect', '--format', '{{.Id}}', reference]},
			{args: ['inspect', '--format', '{{json .Config}}', reference]},
			{args: ['inspect', '--format', '{{index .RepoTags 0}} {{.Os}}/{{.Architecture}} {{.Size}}', reference]},
			{args: ['inspect', '--format', '{{json .RootFS}}', reference]},
		);
	}

	return containers.length > 0 ? table : table.filter(listing => listing.args[0] !== 'ps');
}

describe.runIf(present)('docker 28 and dockyard on the same engine print the same bytes', () => {
	let engine: RunningEngine | undefined;
	let work: string;
	let host: string;
	let env: NodeJS.ProcessEnv;
	let table: Listing[] = [];
	const identical: string[] = [];

	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-bytes-'));
		env = {HOME: work, DOCKER_CONFIG: path.join(work, 'docker-config'), DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, TZ: 'UTC'};
		if (pluggedHost) {
			host = pluggedHost;
		} else {
			engine = await startEngine('docker');
			host = engine.host;
			const layout = path.join(work, 'oci');
			await buildShellImage({layout, tag: 'base', labels: {'org.opencontainers.image.title': 'shell'}});
			await buildImage({layout, tag: 'edges', base: 'base', created: '2024-01-03T03:04:05Z', steps: [
				{layer: {'/etc/big': 'x'.repeat(999_700)}, createdBy: '/bin/sh -c\tdd if=/dev/zero of=/etc/big bs=999700 count=1 # a tab and a long line', comment: 'a comment\twith a tab'},
				{labels: {'org.opencontainers.image.title': 'edges'}, createdBy: 'LABEL org.opencontainers.image.title=edges'},
			]});
			// A config step dates the image itself; a layer step only its history line. Every image its own date: docker orders ties as it likes.
			await buildImage({layout, tag: 'old', base: 'base', created: '1999-06-01T00:00:00Z', steps: [{layer: {'/etc/old': 'old\n'}, createdBy: 'COPY old /etc/old'}, {labels: {v: 'old'}, createdBy: 'LABEL v=old'}]});
			await buildImage({layout, tag: 'replaced', base: 'base', created: '2024-01-05T00:00:00Z', steps: [{layer: {'/etc/replaced': 'r\n'}, createdBy: 'COPY replaced /etc/'}, {labels: {v: 'replaced'}, createdBy: 'LABEL v=replaced'}]});
			await loadIntoEngine(engine.client, layout, 'base', 'localhost/shell:1');
			await loadIntoEngine(engine.client, layout, 'edges', 'microsoft/aspnet:latest');
			// Loaded under a name another image then takes: it stays, untagged.
			await loadIntoEngine(engine.client, layout, 'replaced', 'nginx:1999');
			await loadIntoEngine(engine.client, layout, 'old', 'nginx:1999');
			await engine.client.createContainer({Image: 'localhost/shell:1', Cmd: ['/bin/sh', '-c', 'echo "quoted" \\ and a long command']}, {name: 'bytes-listed'});
		}

		const references = (await docker(['-H', host, 'images', '--format', '{{.Repository}}:{{.Tag}}'], env)).stdout.split('\n').filter(line => line && !line.includes('<none>'));
		const containers = (await docker(['-H', host, 'ps', '-aq'], env)).stdout.split('\n').filter(Boolean);
		table = listings(references.sort(), containers);
	});

	afterAll(async () => {
		await engine?.stop();
		if (work) {
			rmSync(work, {recursive: true, force: true});
		}

		console.log(`docker-bytes: ${identical.length} of ${table.length} listings identical`);
	});

	test('every listing', async () => {
		expect(table.length).toBeGreaterThan(20);
		const differences: string[] = [];
		const limit = pLimit(3);
		await Promise.all(table.map(async listing => limit(async () => {
			const [ours, theirs] = await Promise.all([
				dockyard(work, ['-H', host, ...listing.args], {env, timeoutMs: 60_000}),
				docker(['-H', host, ...listing.args], env),
			]);
			const name = listing.args.join(' ');
			expect(theirs.code, `docker ${name}: ${theirs.stderr}`).toBe(0);
			const shape = (text: string) => stableImageOrder(listing.ticks || listing.args.includes('json') || listing.args.some(arg => arg.includes('json')) ? timeless(text) : text);
			if (ours.code === 0 && shape(ours.stdout) === shape(theirs.stdout)) {
				identical.push(name);
			} else {
				differences.push(`dockyard ${name} (exit ${ours.code}, ${ours.stderr.trim()})\n--- docker\n${theirs.stdout}--- dockyard\n${ours.stdout}`);
			}
		})));

		if (process.env['DOCKYARD_BYTES_REPORT']) {
			writeFileSync(process.env['DOCKYARD_BYTES_REPORT'], differences.join('\n'));
		}

		expect(differences.join('\n')).toBe('');
	});

	test('a bad template or reference is refused in one line, in docker\'s words, exit 1', async () => {
		for (const args of [
			['images', '--format', '{{.ID'],
			['images', '--format', '{{.Nope}}'],
			['history', '--format', '{{.Nope}}', 'localhost/shell:1'],
			['pull', 'busybox@sha256:abc'],
			['pull', `busybox@sha256:${'a'.repeat(63)}`],
			['pull', `busybox@sha256:${'A'.repeat(64)}`],
			['pull', `busybox@md5:${'a'.repeat(32)}`],
			['tag', `busybox@sha512:${'a'.repeat(64)}`, 'x'],
		]) {
			// eslint-disable-next-line no-await-in-loop
			const [ours, theirs] = await Promise.all([dockyard(work, ['-H', host, ...args], {env}), docker(['-H', host, ...args], env)]);
			expect(theirs.code, args.join(' ')).not.toBe(0);
			expect(ours.code, args.join(' ')).toBe(1);
			expect(ours.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
			// docker's own sentence, after dockyard's `Error: `; tag's is docker's reference one.
			const sentence = theirs.stderr.trim().replace(/^Error parsing reference: ".*" is not a valid repository\/tag: /, '');
			expect(ours.stderr.trim(), args.join(' ')).toContain(sentence);
		}
	});
});

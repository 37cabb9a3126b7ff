/**
 * `rmi NAME@DIGEST` against dockerd 20.10: the same image pulled from the
 * same loopback docker-registry into dockerd and into the store; removing
 * its digest reference prints the same line and leaves the same listing
 * (the tag and the id stay, the digest goes); an image named only by its
 * digest goes with its last reference (docker then also lists the layers
 * it deleted, which the store does not track: the first lines compared).
 */
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startEngine, type RunningEngine} from '../../source/devtools/engines.js';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {dockyard, tempHome} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';
import {docker, dockerCli} from './oracle.js';

const present = hasTools(['dockerd', 'docker-registry', 'skopeo', 'tar', dockerCli], 'rmi NAME@DIGEST against dockerd');

describe.runIf(present)('rmi NAME@DIGEST as dockerd 20.10 does it', () => {
	let work: string;
	let engine: RunningEngine;
	let registry: LocalRegistry;
	let env: NodeJS.ProcessEnv;
	let repository: string;
	let manifestDigest = '';
	const {home, cleanup} = tempHome('dockyard-rmi-digest-');

	const both = async (args: string[]) => {
		const [theirs, ours] = await Promise.all([docker(['-H', engine.host, ...args], env), dockyard(home, args)]);
		expect(theirs.code, `docker ${args.join(' ')}: ${theirs.stderr}`).toBe(0);
		expect(ours.code, `dockyard ${args.join(' ')}: ${ours.stderr}`).toBe(0);
		return {theirs: theirs.stdout, ours: ours.stdout};
	};

	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-rmi-digest-'));
		env = {HOME: work, DOCKER_CONFIG: path.join(work, 'docker-config'), TZ: 'UTC'};
		const image = path.join(work, 'image');
		mkdirSync(path.join(image, 'root', 'etc'), {recursive: true});
		writeFileSync(path.join(image, 'root', 'etc', 'greeting'), 'hello, world!\n');
		execFileSync('tar', ['--format=gnu', '--owner=0', '--group=0', '--numeric-owner', '--mtime=2024-01-01', '-C', path.join(image, 'root'), '-cf', path.join(image, 'layer.tar'), '.']);
		const diffId = `sha256:${execFileSync('sha256sum', [path.join(image, 'layer.tar')], {encoding: 'utf8'}).split(' ')[0]!}`;
		writeFileSync(path.join(image, 'config.json'), JSON.stringify({
			architecture: 'amd64', os: 'linux', created: '2024-01-02T03:04:05Z', config: {Cmd: ['/bin/sh']},
			rootfs: {type: 'layers', diff_ids: [diffId]}, history: [{created: '2024-01-02T03:04:05Z', created_by: 'COPY greeting /etc/'}],
		}));
		writeFileSync(path.join(image, 'manifest.json'), JSON.stringify([{Config: 'config.json', RepoTags: ['greeting:1'], Layers: ['layer.tar']}]));
		execFileSync('tar', ['-C', image, '-cf', path.join(work, 'greeting.tar'), 'manifest.json', 'config.json', 'layer.tar']);
		[registry, engine] = await Promise.all([startLocalRegistry(), startEngine('docker')]);
		repository = `${registry.host}/team/greeting`;
		execFileSync('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `docker-archive:${path.join(work, 'greeting.tar')}`, `docker://${repository}:1`]);
		await both(['pull', '-q', `${repository}:1`]);
	}, 120_000);
	afterAll(async () => {
		await Promise.all([engine?.stop(), registry?.stop()]);
		cleanup();
		rmSync(work, {recursive: true, force: true});
	});

	test('the digest reference alone goes; the tag and the id stay', async () => {
		const listing = ['images', '--digests', '--format', '{{.Repository}}:{{.Tag}} {{.Digest}} {{.ID}}', repository];
		const before = await both(listing);
		expect(before.ours).toBe(before.theirs);
		const digest = before.theirs.split(' ')[1]!;
		expect(digest).toMatch(/^sha256:[a-f\d]{64}$/);
		manifestDigest = digest;

		const removed = await both(['rmi', `${repository}@${digest}`]);
		expect(removed.theirs).toBe(`Untagged: ${repository}@${digest}\n`);
		expect(removed.ours).toBe(removed.theirs);
		const after = await both(listing);
		expect(after.theirs).toMatch(/ <none> /);
		expect(after.ours).toBe(after.theirs);
	});

	test('an image named only by its digest goes with it', async () => {
		const digest = manifestDigest;
		// Gone from both (docker also lists the layers it deleted), then pulled by digest alone: no tag, one digest reference.
		await both(['rmi', `${repository}:1`]);
		await both(['pull', '-q', `${repository}@${digest}`]);
		const listing = await both(['images', '--digests', '--format', '{{.Tag}} {{.Digest}}']);
		expect(listing.theirs).toBe(`<none> ${digest}\n`);
		expect(listing.ours).toBe(listing.theirs);
		const removed = await both(['rmi', `${repository}@${digest}`]);
		const head = (text: string) => text.split('\n').slice(0, 2).join('\n');
		expect(head(removed.theirs)).toMatch(/^Untagged: .+@sha256:[a-f\d]{64}\nDeleted: sha256:[a-f\d]{64}$/);
		expect(head(removed.ours)).toBe(head(removed.theirs));
	});
});

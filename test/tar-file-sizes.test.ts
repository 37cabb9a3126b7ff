/**
 * A layer's files' size read from its tar headers, as Go's archive/tar
 * reports each entry's Size and dockerd adds them up: GNU tar writes the
 * archives (old GNU sparse 'S' entries, PAX sparse, long names), and GNU
 * tar's own listing is the oracle; fed in chunks of any size.
 */
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {TarFileSizes} from '../source/core/store/tar-file-sizes.js';
import {hasTool} from './helpers/tools.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-tar-sizes-'));
afterAll(() => {
	rmSync(work, {recursive: true, force: true});
});

function counted(bytes: Buffer, step: number): number | undefined {
	const files = new TarFileSizes();
	for (let offset = 0; offset < bytes.length; offset += step) {
		files.write(bytes.subarray(offset, offset + step));
	}

	return files.result();
}

describe.runIf(hasTool('tar', 'the tar header sizes'))('TarFileSizes', () => {
	const root = path.join(work, 'root');
	mkdirSync(path.join(root, 'd'), {recursive: true});
	writeFileSync(path.join(root, 'd', 'f14'), 'hello, world!\n');
	writeFileSync(path.join(root, 'd', 'sparse'), '');
	truncateSync(path.join(root, 'd', 'sparse'), 8 * 1024 * 1024);
	symlinkSync('f14', path.join(root, 'd', 'link'));
	writeFileSync(path.join(root, 'd', 'x'.repeat(150)), 'abc');
	const expected = 14 + (8 * 1024 * 1024) + 3;

	test.each([
		['gnu', ['--format=gnu', '--sparse']],
		['posix (PAX sparse 1.0)', ['--format=posix', '--sparse']],
		['posix (PAX sparse 0.1)', ['--format=posix', '--sparse', '--sparse-version=0.1']],
		['gnu, not sparse', ['--format=gnu']],
		['pax (a long name in a PAX record)', ['--format=pax']],
	])('%s: the files\' size, in any chunks', (name, flags) => {
		const file = path.join(work, `${name.replaceAll(/\W+/g, '-')}.tar`);
		execFileSync('tar', [...flags, '-C', root, '-cf', file, 'd']);
		const bytes = readFileSync(file);
		for (const step of [bytes.length, 7, 511, 512, 4096]) {
			expect(counted(bytes, step), `${name}, chunks of ${step}`).toBe(expected);
		}
	});

	test('a stream that is not a tar, or a tar cut mid-header, gives no figure; one cut in its data, what its headers said', () => {
		expect(counted(Buffer.alloc(2048, 0x41), 512)).toBeUndefined();
		const file = path.join(work, 'cut.tar');
		execFileSync('tar', ['--format=gnu', '-C', root, '-cf', file, 'd/f14']);
		expect(counted(readFileSync(file).subarray(0, 700), 100)).toBe(14);
		expect(counted(readFileSync(file).subarray(0, 300), 100)).toBeUndefined();
	});
});

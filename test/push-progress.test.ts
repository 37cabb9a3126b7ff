/**
 * docker push's live block on a terminal (stderr), from an engine's events:
 * a layer's last word that an engine says as a message (`Layer already
 * exists`, `Mounted from …`) replaces its `Preparing` in the block, and the
 * lines docker leaves are printed once the push is over.
 */
import {afterEach, describe, expect, test, vi} from 'vitest';
import {pullProgressPrinter} from '../source/commands/progress.js';
import {pushEventOf} from '../source/core/engine/push-events.js';

describe('push progress on a terminal', () => {
	const wasTty = process.stderr.isTTY;
	afterEach(() => {
		process.stderr.isTTY = wasTty;
		vi.restoreAllMocks();
	});

	test('each layer\'s last word is drawn in its place; the final lines go to stdout', () => {
		process.stderr.isTTY = true;
		const drawn: string[] = [];
		vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
			drawn.push(String(chunk));
			return true;
		});
		const out: string[] = [];
		const printer = pullProgressPrinter(line => out.push(line ?? ''), false);
		for (const message of [
			{status: 'The push refers to repository [127.0.0.1:5000/app]'},
			{status: 'Preparing', progressDetail: {}, id: 'aaaaaaaaaaaa'},
			{status: 'Preparing', progressDetail: {}, id: 'bbbbbbbbbbbb'},
			{status: 'Layer already exists', progressDetail: {}, id: 'aaaaaaaaaaaa'},
			{status: 'Mounted from team/base', progressDetail: {}, id: 'bbbbbbbbbbbb'},
		]) {
			const event = pushEventOf(message);
			if (event) {
				printer.onProgress(event);
			}
		}

		const last = drawn.at(-1)!;
		expect(last).toContain('aaaaaaaaaaaa: Layer already exists');
		expect(last).toContain('bbbbbbbbbbbb: Mounted from team/base');
		expect(last).not.toContain('Preparing');
		printer.finish(['The push refers to repository [127.0.0.1:5000/app]', 'aaaaaaaaaaaa: Layer already exists', 'bbbbbbbbbbbb: Mounted from team/base', '1: digest: sha256:' + 'c'.repeat(64) + ' size: 739']);
		expect(out).toEqual(['The push refers to repository [127.0.0.1:5000/app]', 'aaaaaaaaaaaa: Layer already exists', 'bbbbbbbbbbbb: Mounted from team/base', '1: digest: sha256:' + 'c'.repeat(64) + ' size: 739']);
	});
});

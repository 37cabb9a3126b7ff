/**
 * The tree's presentation rules from docker 28's tree.go that the registry
 * test does not reach: colour (the platforms not held faint), columns
 * dropped when the terminal is narrow, a name too long for its column, and
 * a registry's text with control characters in it.
 */
import {describe, expect, test} from 'vitest';
import type {TreeEntry} from '../source/core/store/platform-tree.js';
import {imageTreeLines} from '../source/present/image-tree.js';

const digest = (character: string) => `sha256:${character.repeat(64)}`;

const entry = (name: string): TreeEntry => ({
	names: [name],
	id: digest('a'),
	created: '2024-01-02T03:04:05Z',
	inUse: true,
	contentSize: 1234,
	diskUsage: 5678,
	platforms: [
		{platform: 'linux/amd64', id: digest('b'), available: true, inUse: true, contentSize: 1234, diskUsage: 5678},
		{platform: 'linux/arm64/v8', id: digest('c'), available: false, inUse: false, contentSize: 0, diskUsage: 0},
	],
});

describe('images --tree as docker 28 prints it', () => {
	test('on a terminal: the header bold, names blue and bold, a platform not held faint, in use green', () => {
		const lines = imageTreeLines([entry('ns/multi:1')], {color: true});
		expect(lines[0]).toBe('\u001B[93mWARNING: This is an experimental feature. The output may change and shouldn\'t be depended on.\u001B[0m');
		expect(lines[2]).toContain('\u001B[39;1mIMAGE\u001B[0m');
		expect(lines[3]).toMatch(/^\u001B\[34;1mns\/multi:1\u001B\[0m/);
		expect(lines[4]).toMatch(/^\u001B\[39m├─ linux\/amd64\u001B\[0m .*\u001B\[32m✔\u001B\[0m {3}$/);
		expect(lines[5]).toMatch(/^\u001B\[39;2m└─ linux\/arm64\/v8\u001B\[0m .*\u001B\[39;2mcccccccccccc\u001B\[0m/);
	});

	test('a narrow terminal drops the columns that would leave the name under 12 characters; a long name is cut with ...', () => {
		const lines = imageTreeLines([entry('registry.example:5000/team/a-long-name:1')], {color: false, width: 40});
		// 40 - (12 + 3) - (10 + 3) leaves 12 for the name; content size would leave -3.
		expect(lines[2]).toBe('IMAGE          ID             DISK USAGE');
		expect(lines[3]).toBe('registry....   aaaaaaaaaaaa       5.68kB');
	});

	test('control characters from a registry are escaped, never sent to the terminal', () => {
		const lines = imageTreeLines([{...entry('ns/evil\u001B]0;x\u0007:1'), platforms: [{...entry('x').platforms[0]!, platform: 'linux/\u001B[31mamd64'}]}], {color: false});
		expect(lines.join('\n')).not.toMatch(/[\u0000-\u0009\u000B-\u001F]/);
		expect(lines[3]).toContain(String.raw`ns/evil\u001b]0;x\u0007:1`);
	});
});

import {describe, expect, test} from 'vitest';
import {ellipsis, humanDuration, humanSize, powershellTable, table} from '../source/present/format.js';
import {fourPartVersion} from '../source/core/backend/commit-labels.js';
import {cleanText} from '../source/core/text.js';

describe('docker\'s formats', () => {
	test.each([
		[0, '0B'],
		[999, '999B'],
		[1000, '1kB'],
		[44_880_000, '44.9MB'],
		[101_700_000, '102MB'],
		[1_500_000_000, '1.5GB'],
	])('humanSize(%d) is %s', (bytes, text) => {
		expect(humanSize(bytes)).toBe(text);
	});

	test.each([
		[500, 'Less than a second'],
		[1000, '1 second'],
		[59_000, '59 seconds'],
		[90_000, 'About a minute'],
		[45 * 60_000, '45 minutes'],
		[65 * 60_000, 'About an hour'],
		[5 * 3_600_000, '5 hours'],
		[3 * 86_400_000, '3 days'],
		[15 * 86_400_000, '2 weeks'],
		[90 * 86_400_000, '3 months'],
		[11 * 365 * 86_400_000, '11 years'],
	])('humanDuration(%d) is %s', (milliseconds, text) => {
		expect(humanDuration(milliseconds)).toBe(text);
	});

	test('ellipsis cuts at the width with ... as docker search does', () => {
		expect(ellipsis('ASP.NET 5 framework installed in a Windows Server Core based container.', 45)).toBe('ASP.NET 5 framework installed in a Windows...');
		expect(ellipsis('short', 45)).toBe('short');
	});

	test('table pads like docker\'s tabwriter (min width 10, padding 3)', () => {
		expect(table(['REPOSITORY', 'TAG'], [['nanoserver', '10.0.10586.0']])).toEqual([
			'REPOSITORY   TAG',
			'nanoserver   10.0.10586.0',
		]);
		expect(table(['A', 'B'], [['x', 'y']])[0]).toBe('A         B');
	});

	test('powershellTable draws the dashed rule', () => {
		expect(powershellTable(['Name', 'IsOSImage'], [['NanoServer', 'True']])).toEqual([
			'Name       IsOSImage',
			'----       ---------',
			'NanoServer True',
		]);
	});

	test('PowerShell versions show four parts', () => {
		expect(fourPartVersion('1.0')).toBe('1.0.0.0');
		expect(fourPartVersion('10.0.10586.0')).toBe('10.0.10586.0');
		expect(fourPartVersion('beta')).toBe('beta');
	});

	test('text from a hub cannot drive the terminal', () => {
		expect(cleanText('evil\u001B]0;pwned\u0007 name\u001B[2J\r\nnext')).toBe('evil name next');
		expect(cleanText('tab\there')).toBe('tab here');
	});
});

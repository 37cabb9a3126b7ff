import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import type {Terminal} from './tmux.js';
import {openTerminal} from './tmux.js';

export type Shoot = (name: string, title: string, ready: string | RegExp | ((screen: string) => boolean)) => Promise<void>;

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

/**
 * The lesson panel for `npm run media`: the seed lesson in presenter mode
 * on an empty store, its first step done by the CLI (as another terminal
 * would), two read, and the screenshot on the refused pull's step with the
 * hub's results below it.
 */
export async function lessonShot(home: string, cli: string, shootIn: (terminal: Terminal) => Shoot, size: {columns: number; rows: number}): Promise<void> {
	rmSync(home, {recursive: true, force: true});
	const t = openTerminal(`env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)} lesson container-images --presenter`, size);
	try {
		await t.waitFor('step 1 of 11', 20_000);
		execFileSync(process.execPath, [cli, 'os', 'install', 'NanoServer'], {env: {...process.env, DOCKYARD_HOME: home}, stdio: 'pipe'});
		await t.waitFor('step 2 of 11', 20_000);
		t.send('1');
		t.send('p');
		await t.waitFor(/Publisher\s+Version\s+IsOSImage/);
		t.send('p');
		await t.waitFor(/REPOSITORY\s+TAG\s+IMAGE ID/);
		t.send('W');
		await t.waitFor('step 3 of 11');
		t.send('2');
		t.send('/');
		await t.waitFor('Enter/↓ results');
		t.type('iis');
		await t.waitFor(/Tags of microsoft\/iis/);
		t.send('Enter');
		await t.waitFor('→/l tag');
		t.send('W');
		await shootIn(t)('lesson', 'lesson mode (presenter): a step of the seed lesson', 'step 4 of 11');
		// The Hub has the keys: q would start a search there; Ctrl-C quits from anywhere.
		t.send('C-c');
		await t.waitFor('[exited 0]');
	} finally {
		t.close();
		rmSync(home, {recursive: true, force: true});
	}
}

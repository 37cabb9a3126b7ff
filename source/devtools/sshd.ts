/**
 * Debian's OpenSSH server for the tests, started as the test's own user on
 * 127.0.0.1 and a free port, with a host key and a client key made here by
 * ssh-keygen in a temp directory. The client side is an `ssh` wrapper put
 * first on a temp PATH that adds `-F CONFIG` (ssh reads `~` from the password
 * database, not $HOME, so a test's own config must be given this way — which
 * is how a user's own config applies to docker and dockyard alike). Three
 * client setups: `trusted` (knows the host key, offers the authorized key),
 * `unknownHost` (an empty known_hosts, strict checking) and `refusedKey` (a
 * key the server does not know). `SetEnv` gives the remote session its
 * DOCKER_HOST, so `docker system dial-stdio` there reaches a temp dockerd.
 *
 * sshd run as root needs its privilege separation directory, /run/sshd
 * (what the Debian package makes at boot); made when missing.
 */
import {execFileSync, spawn} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {supervise} from './supervise.js';
import {freePort} from './local-registry.js';

export type ClientSetup = 'trusted' | 'unknownHost' | 'refusedKey';

export type RunningSshd = {
	port: number;
	/** The login name (the test's own user). */
	user: string;
	pid: number;
	directory: string;
	/** `ssh://user@127.0.0.1:PORT` plus `suffix` (podman's form: a socket path). */
	url: (suffix?: string) => string;
	/** The same server on a second port whose sessions have a PATH without docker. */
	urlWithoutDocker: () => string;
	/** An environment whose PATH starts with the wrapper of that client setup. */
	env: (setup?: ClientSetup, base?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
	/** pids of ssh clients still running that use this server's wrappers. */
	clients: () => number[];
	log: () => string;
	stop: () => Promise<void>;
};

export type SshdOptions = {
	/** Environment variables of every remote session (sshd's SetEnv). */
	setEnv?: Record<string, string>;
};

export async function startSshd(options: SshdOptions = {}): Promise<RunningSshd> {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-sshd-'));
	const file = (name: string) => path.join(directory, name);
	const keygen = (name: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file(name)], {stdio: 'ignore', timeout: 30_000});
	keygen('host_key');
	keygen('client_key');
	keygen('stranger_key');
	writeFileSync(file('authorized_keys'), readFileSync(file('client_key.pub')));
	const port = await freePort();
	const bare = await freePort();
	const user = os.userInfo().username;
	const hostKey = readFileSync(file('host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
	writeFileSync(file('known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n[127.0.0.1]:${bare} ${hostKey}\n`);
	writeFileSync(file('empty_known_hosts'), '');
	const setEnv = Object.entries(options.setEnv ?? {}).map(([key, value]) => `SetEnv ${key}=${value}`);
	writeFileSync(file('sshd_config'), [
		`Port ${port}`,
		`Port ${bare}`,
		'ListenAddress 127.0.0.1',
		`HostKey ${file('host_key')}`,
		`PidFile ${file('sshd.pid')}`,
		`AuthorizedKeysFile ${file('authorized_keys')}`,
		'StrictModes no',
		'UsePAM no',
		'PasswordAuthentication no',
		'KbdInteractiveAuthentication no',
		'PubkeyAuthentication yes',
		'PermitRootLogin prohibit-password',
		'AllowStreamLocalForwarding yes',
		'AllowTcpForwarding yes',
		...setEnv,
		// The second port: a remote where no docker is on PATH.
		`Match LocalPort ${bare}`,
		'  SetEnv PATH=/nonexistent',
		'',
	].join('\n'));
	const setups: Record<ClientSetup, {key: string; knownHosts: string}> = {
		trusted: {key: 'client_key', knownHosts: 'known_hosts'},
		unknownHost: {key: 'client_key', knownHosts: 'empty_known_hosts'},
		refusedKey: {key: 'stranger_key', knownHosts: 'known_hosts'},
	};
	const realSsh = execFileSync('sh', ['-c', 'command -v ssh'], {encoding: 'utf8'}).trim();
	for (const [setup, {key, knownHosts}] of Object.entries(setups)) {
		const config = file(`ssh_config_${setup}`);
		writeFileSync(config, [
			'Host *',
			`  IdentityFile ${file(key)}`,
			'  IdentitiesOnly yes',
			'  IdentityAgent none',
			`  UserKnownHostsFile ${file(knownHosts)}`,
			'  GlobalKnownHostsFile /dev/null',
			'  StrictHostKeyChecking yes',
			'  BatchMode yes',
			'  LogLevel ERROR',
			'',
		].join('\n'));
		const bin = file(`bin-${setup}`);
		mkdirSync(bin);
		writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nexec ${realSsh} -F ${config} "$@"\n`);
		chmodSync(path.join(bin, 'ssh'), 0o755);
	}

	if (!existsSync('/run/sshd') && process.getuid?.() === 0) {
		mkdirSync('/run/sshd', {mode: 0o755});
	}

	const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', file('sshd_config')], {stdio: ['ignore', 'pipe', 'pipe']});
	const server = supervise(child, 16_000);
	const stop = async () => {
		await server.stop(5000);
		rmSync(directory, {recursive: true, force: true});
	};

	// Ready when it says it listens (it logs to stderr with -e), or gone, or too slow.
	const deadline = Date.now() + 15_000;
	while (!server.output().includes('Server listening on 127.0.0.1')) {
		if (server.exited() !== undefined || Date.now() > deadline) {
			const why = `sshd ${server.exited() ?? 'did not listen within 15 s'}: ${server.output().trim().slice(-1000)}`;
			// eslint-disable-next-line no-await-in-loop
			await stop();
			throw new Error(why);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise<void>(resolve => {
			child.stderr!.once('data', () => resolve());
			setTimeout(resolve, 200);
		});
	}

	return {
		port,
		user,
		pid: child.pid!,
		directory,
		url: (suffix = '') => `ssh://${user}@127.0.0.1:${port}${suffix}`,
		urlWithoutDocker: () => `ssh://${user}@127.0.0.1:${bare}`,
		env: (setup = 'trusted', base = process.env) => ({...base, PATH: `${file(`bin-${setup}`)}${path.delimiter}${base['PATH'] ?? ''}`}),
		clients: () => sshClientsOf(directory),
		log: server.output,
		stop,
	};
}

/** ssh processes whose command line names this directory's configs (what a test checks is gone). */
function sshClientsOf(directory: string): number[] {
	const pids: number[] = [];
	for (const entry of readdirSafe('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}

		try {
			const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (command.some(word => word.startsWith(directory)) && command.some(word => word.endsWith('ssh')) && !command.some(word => word.endsWith('sshd'))) {
				pids.push(Number(entry));
			}
		} catch {
			// Gone meanwhile.
		}
	}

	return pids;
}

function readdirSafe(directory: string): string[] {
	try {
		return readdirSync(directory);
	} catch {
		return [];
	}
}


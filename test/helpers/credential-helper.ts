import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';

/**
 * A docker credential helper as the protocol has it (get, store, erase,
 * list), written as a shell script into `directory` as
 * `docker-credential-NAME`. It keeps one compact JSON line per server in
 * `$TEST_HELPER_STORE` and appends "NAME VERB" to `$TEST_HELPER_LOG` on
 * every call, so a test can see what it was asked.
 */
export function writeCredentialHelper(directory: string, name: string): string {
	const file = path.join(directory, `docker-credential-${name}`);
	writeFileSync(file, `#!/bin/sh
store="\${TEST_HELPER_STORE:?}"
echo "${name} $1" >> "\${TEST_HELPER_LOG:-/dev/null}"
touch "$store"
input=$(cat)
case "$1" in
get)
	line=$(grep -F "\\"ServerURL\\":\\"$input\\"," "$store" | head -n 1)
	if [ -z "$line" ]; then echo "credentials not found in native keychain"; exit 1; fi
	printf '%s\\n' "$line" ;;
store)
	url=$(printf '%s' "$input" | sed -n 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/p')
	grep -v -F "\\"ServerURL\\":\\"$url\\"," "$store" > "$store.new"
	printf '%s\\n' "$input" >> "$store.new"
	mv "$store.new" "$store" ;;
erase)
	if ! grep -q -F "\\"ServerURL\\":\\"$input\\"," "$store"; then echo "credentials not found in native keychain"; exit 1; fi
	grep -v -F "\\"ServerURL\\":\\"$input\\"," "$store" > "$store.new"
	mv "$store.new" "$store" ;;
list)
	printf '{'
	sed -n 's/.*"ServerURL":"\\([^"]*\\)","Username":"\\([^"]*\\)".*/"\\1":"\\2"/p' "$store" | paste -sd, - | tr -d '\\n'
	printf '}\\n' ;;
*)
	echo "unknown verb $1"; exit 1 ;;
esac
`);
	chmodSync(file, 0o755);
	return file;
}

/** A helper that logs "NAME VERB", prints `message` (and, with echoInput, what it was given) and exits 1. */
export function writeFailingHelper(directory: string, name: string, message: string, echoInput = false): string {
	const file = path.join(directory, `docker-credential-${name}`);
	writeFileSync(file, `#!/bin/sh
echo "${name} $1" >> "\${TEST_HELPER_LOG:-/dev/null}"
input=$(cat)
echo "${message}"
${echoInput ? 'printf \'%s\\n\' "$input" >&2' : ''}
exit 1
`);
	chmodSync(file, 0o755);
	return file;
}

/** The line a helper keeps for a server (what `get` answers). */
export function helperLine(serverUrl: string, username: string, secret: string): string {
	return `${JSON.stringify({ServerURL: serverUrl, Username: username, Secret: secret})}\n`;
}

/** A helper that never answers (a keychain waiting for a passphrase nobody types). */
export function writeHangingHelper(directory: string, name: string): string {
	const file = path.join(directory, `docker-credential-${name}`);
	writeFileSync(file, `#!/bin/sh
echo "${name} $1" >> "\${TEST_HELPER_LOG:-/dev/null}"
sleep 10
`);
	chmodSync(file, 0o755);
	return file;
}

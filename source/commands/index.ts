import type {Command} from './command.js';
import {commit, newContainerImage} from './commit.js';
import {cp, create, ps, rm} from './containers.js';
import {getContainerImage} from './get-containerimage.js';
import {history} from './history.js';
import {hub} from './hub.js';
import {images} from './images.js';
import {inspect} from './inspect.js';
import {journal} from './journal.js';
import {importContainerImage, loadCommand} from './load.js';
import {login, logout} from './login.js';
import {fsck, prune} from './maintenance.js';
import {findContainerImage, installContainerImage, os} from './os.js';
import {engine} from './engine.js';
import {pull} from './pull.js';
import {push} from './push.js';
import {removeContainerImage, rmi} from './rmi.js';
import {reset} from './reset.js';
import {saveCommand, saveContainerImage} from './save.js';
import {search} from './search.js';
import {send} from './send.js';
import {tag, untag} from './tag.js';
import {tree} from './tree.js';

/** Every verb, in the order `dockyard --help` lists them. */
export const commands: Command[] = [
	images,
	search,
	pull,
	push,
	history,
	tree,
	inspect,
	tag,
	untag,
	rmi,
	saveCommand,
	loadCommand,
	send,
	create,
	ps,
	cp,
	commit,
	rm,
	os,
	prune,
	fsck,
	journal,
	reset,
	hub,
	engine,
	login,
	logout,
	getContainerImage,
	findContainerImage,
	installContainerImage,
	newContainerImage,
	removeContainerImage,
	saveContainerImage,
	importContainerImage,
];

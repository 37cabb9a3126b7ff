/** The engine client against dockerd (Debian's docker.io: vfs, no iptables, no bridge, a socket in a temp dir). */
import {engineSuite} from './engine-suite.js';

engineSuite('docker');

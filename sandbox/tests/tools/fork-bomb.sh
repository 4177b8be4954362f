#!/bin/sh
# Hostile: the classic fork bomb; then stays alive for 3 s (exec: no fork needed) while
# the bomb runs into the process cap.
b() { b | b & }
b
exec sleep 3

#!/bin/sh
# Hostile: a fork bomb (each process forks two and waits); the tool itself stays alive
# for 3 s (exec: no fork needed) while the bomb runs into the process cap.
b() { b & b & wait; }
b &
exec sleep 3

#!/bin/sh
# Hostile: a fork bomb whose processes stay (each forks two and waits), then the tool
# itself stays alive for 3 s (exec: no fork needed) while the bomb runs into the cap.
b() { b & b & wait; }
b &
exec sleep 3

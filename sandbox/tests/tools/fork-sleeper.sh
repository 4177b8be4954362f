#!/bin/sh
# Hostile: leaves a background sleeper (argv carries a unique marker) and then sleeps.
sleep "$1" &
sleep "$1"

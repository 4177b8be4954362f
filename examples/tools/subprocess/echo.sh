#!/bin/sh
# Echo tool: the input JSON comes back unchanged.
exec cat

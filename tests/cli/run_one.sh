#!/usr/bin/env bash
# Run one test function of a cli test file: run_one.sh FILE FUNCTION
set -uo pipefail
file=$1
fn=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC1091
source "$here/lib.sh"
# shellcheck disable=SC1090
source "$file"
"$fn"
echo "ok: $fn"

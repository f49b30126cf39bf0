#!/usr/bin/env bash
# Format the tree with the committed .clang-format (clang-format-16):
#
#   scripts/format.sh          rewrite every C++ file in place
#   scripts/format.sh --check  change nothing; list the files that differ, exit 1 if any
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
format=${CLANG_FORMAT:-clang-format-16}
command -v "$format" >/dev/null || { echo "format: $format is not installed (apt-get install clang-format-16)" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [[ ${1:-} == --check ]]; then
  bad=()
  for f in "${files[@]}"; do
    "$format" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if ((${#bad[@]} > 0)); then
    printf 'format: not formatted (run scripts/format.sh): %s\n' "${bad[@]}" >&2
    exit 1
  fi
  echo "format: ${#files[@]} files match .clang-format"
else
  "$format" -i "${files[@]}"
fi

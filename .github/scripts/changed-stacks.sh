#!/usr/bin/env bash
# Prints the stacks whose plan a pull request can change, one per line:
# every stack when anything besides stack files, docs and workflows changed
# (Go code, Pulumi.yaml, go.mod), otherwise the stacks whose
# stacks/Pulumi.<stack>.yaml changed (added, edited or deleted).
# Usage: changed-stacks.sh BASE_SHA HEAD_SHA
set -euo pipefail
base=$1
head=$2
stack_of='s|^stacks/Pulumi\.\(.*\)\.yaml$|\1|p'
changed=$(git diff --name-only "$base" "$head")
code=$(grep -v -e '^stacks/' -e '\.md$' -e '^\.github/' <<<"$changed" || true)
if [ -n "$code" ]; then
  {
    git ls-tree --name-only "$head" stacks/ | sed -n "$stack_of"
    git ls-tree --name-only "$base" stacks/ | sed -n "$stack_of"
  } | sort -u
else
  sed -n "$stack_of" <<<"$changed" | sort -u
fi

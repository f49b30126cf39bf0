# man/sipsurv-1.schema.json (draft 2020-12, installed as
# /usr/share/sipsurv/schema/sipsurv-1.schema.json) against every JSON document
# the offline suite produces: the golden files of simulate and status, watch's
# NDJSON lines, and resolve, probe and status run against a closed port on
# loopback. The integration tests check every lab output the same way
# (tests/integration/lib.sh, check_output). check_json.py names the document
# and the JSON path of every failure.

SCHEMA=$SIPSURV_SOURCE_DIR/man/sipsurv-1.schema.json

test_schema_is_a_2020_12_schema() {
  /usr/bin/python3 - "$SCHEMA" <<'PY' || fail "$SCHEMA is not a valid draft 2020-12 schema"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", schema["$schema"]
jsonschema.Draft202012Validator.check_schema(schema)
PY
}

test_golden_documents_match_the_schema() {
  local files=() f
  for f in "$SIPSURV_SOURCE_DIR"/tests/golden/simulate/*/expected.json "$SIPSURV_SOURCE_DIR"/tests/golden/status/*.json \
    "$SIPSURV_SOURCE_DIR"/tests/golden/status/*.ndjson; do
    [[ -s $f ]] && files+=("$f") # an empty one: the case's command fails with a usage error
  done
  ((${#files[@]} >= 20)) || fail "only ${#files[@]} golden JSON files"
  check_json "${files[@]}" || fail "golden JSON breaks the schema"
}

test_offline_outputs_match_the_schema() {
  # Nothing answers on 127.0.0.1:9: every command's no-answer document.
  local cmd
  for cmd in "resolve example.test --dns 127.0.0.1:9 --timeout 0.5" \
    "probe 127.0.0.1:9 --transport udp --timeout 0.5" \
    "probe 127.0.0.1:9 --transport tcp --timeout 0.5" \
    "status example.test --dns 127.0.0.1:9 --timeout 0.5" \
    "watch example.test --dns 127.0.0.1:9 --timeout 0.5 --count 2 --interval 0.1"; do
    # shellcheck disable=SC2086
    "$SIPSURV" $cmd --format json >"$T_DIR/out.json" 2>"$T_DIR/err"
    [[ -s $T_DIR/out.json ]] || fail "sipsurv $cmd --format json wrote nothing: $(cat "$T_DIR/err")"
    check_json --name "sipsurv $cmd" - <"$T_DIR/out.json" || fail "sipsurv $cmd --format json breaks the schema"
  done
}

test_failures_name_the_document_and_the_path() {
  # A status document whose first probe has a string for a number and an
  # empty string for an absent value, and a watch line with a relative
  # "time": the checker fails and says where.
  local golden=$SIPSURV_SOURCE_DIR/tests/golden/status/survivable.json out
  jq '.probes[0].rtt_ms = "fast" | .probes[0].error = ""' "$golden" >"$T_DIR/broken.json"
  head -n 1 "$SIPSURV_SOURCE_DIR/tests/golden/status/watch.ndjson" >"$T_DIR/broken.ndjson"
  jq -c '.time = "+0.300s"' "$SIPSURV_SOURCE_DIR/tests/golden/status/watch.ndjson" | sed -n 2p >>"$T_DIR/broken.ndjson"
  if out=$(check_json "$T_DIR/broken.json" "$T_DIR/broken.ndjson" 2>&1); then fail "check_json.py accepted: $out"; fi
  for want in "FAIL $T_DIR/broken.json (status)" 'at $.probes[0].rtt_ms' 'at $.probes[0].error: an absent value is null' \
    "FAIL $T_DIR/broken.ndjson:2 (watch event state)" 'at $.time'; do
    grep -qF -- "$want" <<<"$out" || fail "check_json.py did not say '$want':"$'\n'"$out"
  done
}

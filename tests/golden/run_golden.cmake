# Run one golden case: the built sipsurv with the case's arguments, text and
# JSON, compared byte for byte with expected.txt / expected.json (and the exit
# status with expected.rc). UPDATE_GOLDEN=1 in the environment rewrites them.
#
#   cmake -DSIPSURV=path/to/sipsurv -DCOMMAND=simulate -DCASE_DIR=dir -DWORK_DIR=dir -P run_golden.cmake
#
# args: one argument per line after the command ("#" lines are comments);
# the case directory is the working directory, so "zone" and "scenario"
# are named relative to it and paths do not leak into the output. The tool
# version in JSON is replaced by "VERSION".
foreach(var SIPSURV COMMAND CASE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_golden.cmake: ${var} not set")
  endif()
endforeach()

# CMake lists split on ';', so an argument cannot contain one.
file(READ "${CASE_DIR}/args" raw)
if(raw MATCHES ";")
  message(FATAL_ERROR "${CASE_DIR}/args: ';' is not allowed (CMake list separator)")
endif()
# file(STRINGS) would split at non-ASCII bytes: split the text on newlines.
string(REPLACE "\n" ";" lines "${raw}")
set(args "")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^#" AND NOT line STREQUAL "")
    list(APPEND args "${line}")
  endif()
endforeach()

file(MAKE_DIRECTORY "${WORK_DIR}")
# status's text header starts a line with "sipsurv <version>  <time>": the
# version is replaced there too (not elsewhere: a replay names the version
# that took its data, which is the recording's, not this build's).
execute_process(COMMAND "${SIPSURV}" --version OUTPUT_VARIABLE version_text RESULT_VARIABLE version_rc)
string(REGEX MATCH "^sipsurv [^\n]*" version_line "${version_text}")
string(REPLACE "sipsurv " "" own_version "${version_line}")
set(failed "")
foreach(format text json)
  if(format STREQUAL "text")
    set(expected "${CASE_DIR}/expected.txt")
  else()
    set(expected "${CASE_DIR}/expected.json")
  endif()
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -E env NO_COLOR=1 "${SIPSURV}" ${COMMAND} ${args} --format ${format} --color never
    WORKING_DIRECTORY "${CASE_DIR}"
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
    RESULT_VARIABLE rc
    TIMEOUT 60)
  string(REGEX REPLACE "\"version\": \"[^\"]*\"" "\"version\": \"VERSION\"" out "${out}")
  if(NOT own_version STREQUAL "")
    string(REPLACE "\nsipsurv ${own_version}  " "\nsipsurv VERSION  " out "${out}")
  endif()
  if(DEFINED ENV{UPDATE_GOLDEN} AND NOT "$ENV{UPDATE_GOLDEN}" STREQUAL "" AND NOT "$ENV{UPDATE_GOLDEN}" STREQUAL "0")
    file(WRITE "${expected}" "${out}")
    file(WRITE "${CASE_DIR}/expected.rc" "${rc}\n")
    if(EXISTS "${CASE_DIR}/expected.stderr")
      file(WRITE "${CASE_DIR}/expected.stderr" "${err}")
    endif()
    message(STATUS "updated ${expected} (exit ${rc})")
    continue()
  endif()
  if(NOT EXISTS "${expected}")
    message(FATAL_ERROR "${expected} is missing; run with UPDATE_GOLDEN=1 to create it")
  endif()
  file(READ "${expected}" want)
  if(NOT out STREQUAL want)
    set(actual "${WORK_DIR}/actual.${format}")
    file(WRITE "${actual}" "${out}")
    execute_process(COMMAND diff -u "${expected}" "${actual}")
    list(APPEND failed "${format} output differs (actual in ${actual}; stderr: ${err})")
  endif()
  if(EXISTS "${CASE_DIR}/expected.rc")
    file(READ "${CASE_DIR}/expected.rc" want_rc)
    string(STRIP "${want_rc}" want_rc)
    if(NOT rc STREQUAL want_rc)
      list(APPEND failed "${format}: exit status ${rc}, expected ${want_rc} (stderr: ${err})")
    endif()
  endif()
  # Cases that test an error message keep it in expected.stderr (the same for both formats).
  if(EXISTS "${CASE_DIR}/expected.stderr")
    file(READ "${CASE_DIR}/expected.stderr" want_err)
    if(NOT err STREQUAL want_err)
      list(APPEND failed "${format}: stderr differs: got '${err}', expected '${want_err}'")
    endif()
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "golden case ${CASE_DIR}:\n  ${failed}")
endif()

# Install one integration file (called at install time by CMakeLists.txt):
# a copy of SIPSURV_INTEGRATION_SOURCE whose /usr/bin/sipsurv names the binary
# under the prefix being installed to, into SIPSURV_INTEGRATION_DESTINATION
# (relative to the prefix; "@etc@" stands for the system configuration
# directory: /etc for the prefix /usr, <prefix>/etc otherwise).
set(prefix "${CMAKE_INSTALL_PREFIX}")
set(dest "${SIPSURV_INTEGRATION_DESTINATION}")
if(dest MATCHES "^@etc@")
  if(prefix STREQUAL "/usr")
    string(REPLACE "@etc@" "/etc" dest "${dest}")
  else()
    string(REPLACE "@etc@" "${prefix}/etc" dest "${dest}")
  endif()
elseif(NOT IS_ABSOLUTE "${dest}")
  set(dest "${prefix}/${dest}")
endif()

file(READ "${SIPSURV_INTEGRATION_SOURCE}" text)
string(REPLACE "/usr/bin/sipsurv" "${prefix}/${SIPSURV_INTEGRATION_BINDIR}/sipsurv" text "${text}")
get_filename_component(name "${SIPSURV_INTEGRATION_SOURCE}" NAME)
file(MAKE_DIRECTORY "${SIPSURV_INTEGRATION_STAGE}")
file(WRITE "${SIPSURV_INTEGRATION_STAGE}/${name}" "${text}")
file(INSTALL "${SIPSURV_INTEGRATION_STAGE}/${name}" DESTINATION "${dest}"
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

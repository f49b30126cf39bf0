# CPack: a Debian package of sipsurv (binary, man page, completions, the
# monitoring integrations of scripts/integrations/, the JSON Schema).
# `cpack -G DEB` in the build directory; Depends comes from dpkg-shlibdeps,
# so it names exactly the Debian runtime packages of the linked libraries
# (libc-ares2, libssl3, libsofia-sip-ua0, libfmt9, libstdc++6, libc6 …).
# lintian finds no error or warning in it (tests/cli/test_deb.sh): the
# copyright file (DEP-5) and changelog.Debian.gz come from cmake/debian/.
include(GNUInstallDirs)

# One home for the maintainer: cmake/debian/changelog and copyright name the
# same address, and tests/cli/test_deb.sh checks that they agree.
set(SIPSURV_MAINTAINER "sipsurv maintainers <maintainers@sipsurv.example.org>" CACHE STRING
    "Maintainer of the .deb (also in cmake/debian/changelog and cmake/debian/copyright)")

set(CPACK_PACKAGE_NAME sipsurv)
set(CPACK_PACKAGE_VENDOR "sipsurv")
set(CPACK_PACKAGE_CONTACT "${SIPSURV_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SIPSURV_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SIP DNS SRV failover and survivability diagnostics")
# Lines under 80 columns: CPack indents them as Debian's extended description.
set(CPACK_PACKAGE_DESCRIPTION
    "sipsurv tells whether a SIP site that relies on DNS SRV failover survives
the loss of a server, and why: it resolves the server list the way a desk
phone does, probes every server with SIP OPTIONS, simulates the phone's
failover decision and reports a survivability verdict with numbered
findings, as text, JSON, Nagios plugin output or OpenMetrics.
The package includes an Icinga 2 CheckCommand, Nagios command definitions,
systemd units for a watch or a timer feeding the Prometheus node exporter,
and the JSON Schema of the output.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, icinga2 | nagios4, prometheus-node-exporter")
# Control files 0644 (lintian: control-file-has-bad-permissions), and the
# Nagios definitions under /etc are conffiles (file-in-etc-not-marked-as-conffile).
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
file(WRITE ${CMAKE_BINARY_DIR}/debian/conffiles "${SIPSURV_NAGIOS_CFG_DIR}/sipsurv.cfg\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/debian/conffiles)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/" "/\\\\.git/")

# /usr/share/doc/sipsurv: the copyright file and the Debian changelog,
# compressed as Debian policy wants (-n: no time stamp, reproducible).
set(SIPSURV_DEB_CHANGELOG ${CMAKE_BINARY_DIR}/debian/changelog.Debian.gz)
add_custom_command(
  OUTPUT ${SIPSURV_DEB_CHANGELOG}
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/cmake/debian/changelog ${CMAKE_BINARY_DIR}/debian/changelog.Debian
  COMMAND gzip -9 -n -f ${CMAKE_BINARY_DIR}/debian/changelog.Debian
  DEPENDS ${PROJECT_SOURCE_DIR}/cmake/debian/changelog
  VERBATIM)
add_custom_target(sipsurv_deb_changelog ALL DEPENDS ${SIPSURV_DEB_CHANGELOG})
install(FILES ${PROJECT_SOURCE_DIR}/cmake/debian/copyright ${SIPSURV_DEB_CHANGELOG}
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The one lintian tag that does not apply (see the file); test_deb.sh allows no other.
install(FILES ${PROJECT_SOURCE_DIR}/cmake/debian/lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME sipsurv)
include(CPack)

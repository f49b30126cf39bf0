# CPack: a Debian package of sipsurv (binary, man page, completions).
# `cpack -G DEB` in the build directory; Depends comes from dpkg-shlibdeps,
# so it names exactly the Debian runtime packages of the linked libraries
# (libc-ares2, libssl3, libsofia-sip-ua0, libfmt9, libstdc++6, libc6 …).
set(CPACK_PACKAGE_NAME sipsurv)
set(CPACK_PACKAGE_VENDOR "sipsurv")
set(CPACK_PACKAGE_CONTACT "sipsurv maintainers <sipsurv@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "sipsurv tells whether a SIP site that relies on DNS SRV failover survives the loss of a server, and why: it resolves the server list the way a desk phone does, probes every server with SIP OPTIONS, simulates the phone's failover decision and reports a survivability verdict with numbered findings.")
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
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_SOURCE_IGNORE_FILES "/build.*/" "/\\\\.git/")
include(CPack)
